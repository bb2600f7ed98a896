/**
 * What the time-skipping workflow tests share: dates of the Christmas scenario worked out by
 * hand, one test server per test with the real activities against the test database and a real
 * SMTP server, and helpers that wait (in real time) for what the workflow does in the background.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { WorkingDayCalendar } from '../../src/calendar/workingDays';
import type { Sql } from '../../src/db/db';
import type { CaseState } from '../../src/domain/lifecycle';
import { listOutbox } from '../../src/db/outbox';
import { caseStateQuery, type caseWorkflow } from '../../workflows';
import { calendar, storeCase } from './cases';
import { testDatabase } from './env';
import { startSmtpServer, type TestSmtpServer } from './smtp';
import { caseEnvironment, eventually, type CaseEnvironment } from './timeSkipping';

export type Handle = WorkflowHandle<typeof caseWorkflow>;

/**
 * The first year, from now on, in which 24 December is a Thursday and still ahead: 2026 while
 * that lies in the future (2037 after it). December to mid-February hold no movable holidays, so
 * the same month-day dates apply in each such year.
 */
function christmasThursdayYear(): number {
  for (let y = new Date().getFullYear(); ; y++) {
    const receipt = new Date(`${y}-12-24T16:00:00+01:00`);
    if (receipt.getUTCDay() === 4 && receipt.getTime() > Date.now() + 60_000) return y;
  }
}
export const Y = christmasThursdayYear();
export const N = Y + 1;
/** An Amsterdam wall-clock time in the scenario: `d('Y-12-24T16:00')`, `d('N-01-04T23:59:59.999')`. */
export function d(local: string): string {
  const [date, time] = local.replace(/^Y/, String(Y)).replace(/^N/, String(N)).split('T');
  return amsterdam(date!, time!);
}
/** An Amsterdam wall-clock time in the months this suite uses (summer time April to October). */
export function amsterdam(date: string, time: string): string {
  const offset = /-(0[4-9]|10)-/.test(date) ? '+02:00' : '+01:00';
  return new Date(`${date}T${time}${offset}`).toISOString();
}
export const endOfDay = (day: string) => d(`${day}T23:59:59.999`);

export const RECEIVED = d('Y-12-24T16:00:00');

export function expectAround(actual: Date | string | null | undefined, expected: string, toleranceMs = 10_000) {
  expect(actual).toBeDefined();
  const diff = new Date(actual!).getTime() - Date.parse(expected);
  if (diff < 0 || diff > toleranceMs) throw new Error(`expected ${new Date(actual!).toISOString()} at ${expected} (+${toleranceMs} ms)`);
}

export async function refusedWith(update: Promise<unknown>, reason: RegExp): Promise<void> {
  const error = await update.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  expect(String((error as WorkflowUpdateFailedError).cause?.message)).toMatch(reason);
}

export async function recordHistory(handle: Handle, name: string): Promise<void> {
  // UPDATE_HISTORIES=1 records finished cases as fixtures for test/integration/replay.test.ts.
  if (process.env.UPDATE_HISTORIES) {
    writeFileSync(path.join(__dirname, '..', 'fixtures', 'histories', `${name}.json`), historyToJSON(await handle.fetchHistory()));
  }
}

export interface CaseScenario {
  readonly sql: Sql;
  readonly smtp: TestSmtpServer;
  readonly ts: CaseEnvironment;
  /** The calendar the activities use; a test may replace it, as administrators add closure days. */
  calendar: WorkingDayCalendar;
  /** Receives a case at `receivedAt` workflow time and waits (in real time) for its confirmation. */
  receive(o?: Parameters<typeof storeCase>[1]): Promise<{ handle: Handle; reference: string }>;
  state(handle: Handle): Promise<CaseState>;
  mailsTo(reference: string): TestSmtpServer['received'];
  /** Waits until the outbox holds `count` emails for the case, all handled. */
  outboxSettled(reference: string, count: number): ReturnType<typeof listOutbox>;
}

/** Registers the jest hooks of a workflow test file and returns its scenario. */
export function useCaseScenario(): CaseScenario {
  let sql: Sql;
  let smtp: TestSmtpServer;
  let ts: CaseEnvironment;
  const scenario: CaseScenario = {
    get sql() { return sql; },
    get smtp() { return smtp; },
    get ts() { return ts; },
    calendar,
    async receive(o = {}) {
      const receivedAt = o.receivedAt ?? new Date(RECEIVED);
      await ts.skipTo(receivedAt.toISOString());
      const record = await storeCase(sql, { ...o, receivedAt });
      const handle = await ts.start(record);
      await eventually(async () => (await handle.query(caseStateQuery)).status !== 'received', 'the confirmation');
      return { handle, reference: record.reference };
    },
    state: (handle) => handle.query(caseStateQuery),
    mailsTo: (reference) => smtp.received.filter((m) => m.subject?.includes(reference)),
    outboxSettled: (reference, count) => eventually(async () => {
      const rows = await listOutbox(sql, reference);
      return rows.length === count && rows.every((r) => r.status === 'sent') ? rows : undefined;
    }, `${count} emails for ${reference}`),
  };

  beforeAll(async () => {
    sql = testDatabase();
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
    await sql?.end();
  });
  beforeEach(async () => {
    smtp.mode = 'accept';
    scenario.calendar = calendar;
    ts = await caseEnvironment(sql, smtp.url, { calendar: () => scenario.calendar });
  });
  afterEach(async () => {
    await ts.teardown();
  });
  return scenario;
}
