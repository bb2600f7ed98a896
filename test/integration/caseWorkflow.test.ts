/**
 * The case workflow on Temporal's time-skipping test server, with the real activities against
 * the embedded Postgres and a real SMTP server: the 24-hour, 5-working-day and 34-working-day
 * milestones fire in seconds of wall time.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import nodemailer from 'nodemailer';
import { createActivities } from '../../activities';
import { listCaseEvents } from '../../src/db/caseEvents';
import type { CaseRecord } from '../../src/db/cases';
import type { Sql } from '../../src/db/db';
import { listOutbox } from '../../src/db/outbox';
import { listTasks } from '../../src/db/tasks';
import { ensureSearchAttributes } from '../../src/temporal/connection';
import { CaseStatus } from '../../src/temporal/searchAttributes';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';
import { caseStateQuery, type caseWorkflow, type CaseState } from '../../workflows';
import { storeCase } from '../support/cases';
import { testDatabase, testServerExecutable, workflowBundle } from '../support/env';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

const DAY = 24 * 60 * 60 * 1000;
const TASK_QUEUE = 'case-workflow-test';

let sql: Sql;
let smtp: TestSmtpServer;
// A fresh time-skipping server per test: its clock and its time-skipping lock are global state.
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;

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
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } });
  await ensureSearchAttributes(env.connection, 'default');
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: createActivities({ sql, mailer: nodemailer.createTransport(smtp.url), mailFrom: 'klachten@example.nl' }),
  });
  running = worker.run();
});

afterEach(async () => {
  worker.shutdown();
  await running;
  await env.teardown();
});

/**
 * Starts the case's workflow. Time is locked until the test asks to skip it (handle.result(),
 * env.sleep()); the TypeScript worker does not lock it while an activity runs, so tests wait for
 * the acknowledgement in real time before they skip ahead.
 */
async function start(record: CaseRecord) {
  await startCaseWorkflow({ sql, client: env.client, taskQueue: TASK_QUEUE }, record);
  return env.client.workflow.getHandle<typeof caseWorkflow>(record.reference);
}

async function eventually<T>(probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function acknowledged(handle: Awaited<ReturnType<typeof start>>): Promise<void> {
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'acknowledged', 'the acknowledgement');
}

test('a complaint is acknowledged at once, triaged, and escalated at working days 5 and 34', async () => {
  const record = await storeCase(sql, { caseType: 'complaint' });
  const wallStart = Date.now();
  const handle = await start(record);
  await acknowledged(handle);

  const state: CaseState = await handle.result();
  const wallSeconds = (Date.now() - wallStart) / 1000;

  // The workflow clock passed the 34th working day: more than 30 days of timers, skipped.
  const at = (event: string) => Date.parse(state.timeline.find((e) => e.event === event)!.at);
  expect(state.timeline.map((e) => e.event)).toEqual([
    'received', 'acknowledgement-sent', 'substantive-response-overdue', 'resolution-overdue',
  ]);
  expect(at('resolution-overdue') - at('received')).toBeGreaterThan(30 * DAY);
  expect(at('resolution-overdue')).toBeGreaterThanOrEqual(Date.parse(record.deadlines.resolutionDue!));
  expect(at('substantive-response-overdue')).toBeGreaterThanOrEqual(Date.parse(record.deadlines.substantiveResponseDue));
  expect(state.breaches).toEqual(['substantive-response-overdue', 'resolution-overdue']);
  console.info(`34 working days (${Math.round((at('resolution-overdue') - at('received')) / DAY)} days) in ${wallSeconds} s of wall time`);

  // The acknowledgement really went out, in Dutch, with the reference and the deadlines.
  const mail = smtp.received.find((m) => m.subject?.includes(record.reference));
  expect(mail?.subject).toBe(`We hebben je klacht ontvangen (${record.reference})`);
  expect(mail?.text).toContain('Beste Anna de Boer');
  expect(mail?.headers.get('content-language')).toBe('nl');
  expect(mail?.html).toContain('&lt;weer&gt;');
  const outbox = await listOutbox(sql, record.reference);
  expect(outbox.map((m) => [m.eventKey, m.status])).toEqual([['acknowledgement', 'sent']]);

  // Staff tasks and the read model.
  const tasks = await listTasks(sql, record.reference);
  expect(tasks.map((t) => [t.eventKey, t.kind])).toEqual([
    ['triage', 'triage'], ['substantive-response-overdue', 'escalation'], ['resolution-overdue', 'escalation'],
  ]);
  expect(tasks[0]!.dueAt?.toISOString()).toBe(record.deadlines.substantiveResponseDue);
  const events = await listCaseEvents(sql, record.reference);
  expect(events.map((e: { event: string }) => e.event)).toEqual(state.timeline.map((e) => e.event));

  const description = await handle.describe();
  expect(description.typedSearchAttributes.get(CaseStatus)).toBe('acknowledged');

  // UPDATE_HISTORIES=1 records this run as a fixture for the replay test (test/integration/replay.test.ts).
  if (process.env.UPDATE_HISTORIES) {
    writeFileSync(path.join(__dirname, '..', 'fixtures', 'histories', 'complaint-escalated.json'),
      historyToJSON(await handle.fetchHistory()));
  }
});

test('feedback has no 34-working-day target and ends after the substantive-response milestone', async () => {
  const record = await storeCase(sql, { caseType: 'feedback', language: 'en' });
  const handle = await start(record);
  await acknowledged(handle);
  const state = await handle.result();
  expect(state.timeline.map((e) => e.event)).toEqual(['received', 'acknowledgement-sent', 'substantive-response-overdue']);
  const mail = smtp.received.find((m) => m.subject?.includes(record.reference));
  expect(mail?.subject).toBe(`We have received your feedback (${record.reference})`);
  expect(mail?.text).not.toContain('settle');
});

test('an acknowledgement still unsent after 24 hours escalates, and goes out once the mail server is back', async () => {
  smtp.mode = 'temporary-failure';
  const record = await storeCase(sql);
  const handle = await start(record);

  await env.sleep('25 hours');
  const tasks = await listTasks(sql, record.reference);
  expect(tasks.map((t) => t.eventKey)).toEqual(['acknowledgement-overdue']);
  const state = await handle.query(caseStateQuery);
  expect(state.acknowledged).toBe(false);
  expect(state.status).toBe('received');
  const [pending] = await listOutbox(sql, record.reference);
  expect(pending?.status).toBe('pending');
  expect(pending?.attempts).toBeGreaterThan(5);

  smtp.mode = 'accept';
  await env.sleep('1 hour');
  await acknowledged(handle);
  expect((await listOutbox(sql, record.reference))[0]?.status).toBe('sent');
  expect(smtp.received.filter((m) => m.subject?.includes(record.reference))).toHaveLength(1);
});

test('a permanently refused acknowledgement is not retried but escalated', async () => {
  smtp.mode = 'permanent-failure';
  const record = await storeCase(sql);
  const handle = await start(record);
  await eventually(async () => (await listTasks(sql, record.reference)).length > 0, 'an escalation task');
  const [message] = await listOutbox(sql, record.reference);
  expect(message?.attempts).toBe(1);
  expect(message?.status).toBe('pending');

  // Skipping past the 24 hours adds no second escalation for the same missing confirmation.
  await env.sleep('2 days');
  const tasks = await listTasks(sql, record.reference);
  expect(tasks.map((t) => t.eventKey)).toEqual(['acknowledgement-failed', 'triage']);
  expect((await handle.query(caseStateQuery)).status).toBe('received');
});
