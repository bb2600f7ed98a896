/**
 * Many open cases at once: the memory of the worker and the Temporal server with them, the
 * worker's cache (a query to a case it keeps against one it must replay first), and the lag of a
 * milestone that falls due for all of them in the same minute: from the due time to the reminder
 * task in Postgres. And the status page of an evicted case against a cached one's: both read
 * the read model.
 *
 * The cases are phone cases without an email address (no confirmation to send), stored as the
 * intake stores them and started as the intake starts them, with the deadlines of a real intake
 * except the reminder of the substantive response, set for all of them within one minute well
 * after the last start: 2.5 times the time the starts should take, plus three minutes, so that the
 * worker is through every case's first steps and idle when they fall due (the figures count the
 * cases that were not). Deadlines are start input, so a test policy needs no change to the
 * workflow.
 */
import { randomUUID } from 'node:crypto';
import { WorkingDayCalendar } from '../src/calendar/workingDays';
import { startCaseWorkflow } from '../src/cases/startCaseWorkflow';
import { insertCase, type CaseRecord } from '../src/db/cases';
import type { Sql } from '../src/db/db';
import { caseDeadlines } from '../src/domain/deadlines';
import { DEFAULT_POLICY } from '../src/domain/policy';
import { statusToken, statusTokenHash } from '../src/domain/statusToken';
import { caseStateQuery } from '../src/temporal/caseMessages';
import { percentile } from './intakeLoad';
import { CASE_QUEUE, cpuMs, residentMiB, type BenchStack } from './stack';
import { timingOf, type Timing } from './timing';

export interface OpenCasesFigures {
  cases: number;
  startsPerSecond: number;
  memory: { worker: { idle: number; open: number }; server: { idle: number; open: number } };
  query: { cached: Timing; evicted: Timing; failed: number };
  /** The status page of the same cases: from the read model, so eviction should not matter. */
  page: { cached: Timing; evicted: Timing };
  /**
   * Due time to the task row seen in Postgres; and to the moment the workflow scheduled it. Late:
   * cases started, and cases through their first steps, only after their reminder was due.
   */
  lag: {
    p50: number; p99: number; max: number; tasks: number; startedLate: number; firstStepsLate: number;
    scheduledP50: number; scheduledP99: number;
  };
}

/** Waits (up to 2 minutes) until the worker uses less than a fifth of a core over 2 seconds. */
async function workerIdle(pid: number): Promise<void> {
  const until = Date.now() + 120_000;
  while (Date.now() < until) {
    const before = cpuMs(pid);
    await new Promise((r) => setTimeout(r, 2000));
    if (cpuMs(pid) - before < 400) return;
  }
}

async function inBatches<T>(items: T[], atOnce: number, each: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: atOnce }, async () => {
    while (next < items.length) await each(items[next++]!);
  }));
}

export async function benchOpenCases(
  stack: BenchStack, sql: Sql, o: { cases: number; idle: { worker: number; server: number }; startsPerSecond: number },
  say: (line: string) => void,
): Promise<OpenCasesFigures> {
  const calendar = new WorkingDayCalendar();
  const startAt = Date.now();
  // Due well after the starts should be done (at the rate the caller expects), spread over one minute.
  const due = new Date(Math.ceil((startAt + 2.5 * (o.cases / o.startsPerSecond) * 1000 + 180_000) / 60_000) * 60_000);
  const records: CaseRecord[] = [];
  const receivedAt = new Date();
  const real = caseDeadlines(calendar, 'complaint', receivedAt, DEFAULT_POLICY);
  const dueOf = new Map<string, Date>();
  await inBatches(Array.from({ length: o.cases }, (_, i) => i), 10, async (i) => {
    const reminder = new Date(due.getTime() + Math.floor((i * 60_000) / o.cases));
    const { record } = await insertCase(sql, {
      intake: { caseType: 'complaint', name: 'Bench Beller', phone: '0612345678', category: 'service', description: 'Telefonische klacht over de bereikbaarheid van de klantenservice.' } as never,
      channel: 'phone', language: 'nl', receivedAt, submissionKey: randomUUID(),
      deadlines: { ...real, substantiveResponseReminder: reminder.toISOString() },
      policy: DEFAULT_POLICY, statusTokenHash: (reference) => statusTokenHash(statusToken(stack.statusTokenSecret, reference)),
      submissionHash: randomUUID(),
    });
    records.push(record);
    dueOf.set(record.reference, reminder);
  });
  say(`  stored ${o.cases} cases in ${((Date.now() - startAt) / 1000).toFixed(0)} s; reminders due ${due.toISOString()} + 1 min`);
  const startsFrom = Date.now();
  const startedAt = new Map<string, number>();
  await inBatches(records, 10, async (record) => {
    await startCaseWorkflow({ sql, client: stack.client, taskQueue: CASE_QUEUE }, record);
    startedAt.set(record.reference, Date.now());
  });
  const startsPerSecond = o.cases / ((Date.now() - startsFrom) / 1000);
  say(`  started ${o.cases} workflows at ${startsPerSecond.toFixed(1)}/s`);
  // Every case through its first steps (its triage task in Postgres), then the memory with all open.
  for (;;) {
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM tasks WHERE kind = 'triage' AND reference = ANY(${records.map((r) => r.reference)})`;
    if (row!.n >= o.cases || Date.now() > due.getTime()) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const memory = {
    worker: { idle: o.idle.worker, open: residentMiB(stack.pids.worker) },
    server: { idle: o.idle.server, open: residentMiB(stack.pids.server) },
  };
  say(`  memory with ${o.cases} open: worker ${memory.worker.open.toFixed(0)} MiB, server ${memory.server.open.toFixed(0)} MiB`);

  // The newest cases are in the worker's cache; the first ones were evicted (when the cache holds
  // fewer). Asked once the worker is idle again, so that a query does not wait behind the backlog.
  await workerIdle(stack.pids.worker);
  const failedQueries: string[] = [];
  // Every query is answered (or given up) before the reminders fall due, so that none waits
  // behind them and the lag is measured on a worker that does nothing else.
  const askBy = due.getTime() - 15_000;
  const ask = async (reference: string) => {
    const deadline = Math.min(Date.now() + 60_000, askBy);
    if (deadline <= Date.now()) {
      failedQueries.push(`${reference}: not asked, the reminders were about to fall due`);
      return undefined;
    }
    const start = process.hrtime.bigint();
    try {
      await stack.client.connection.withDeadline(deadline,
        () => stack.client.workflow.getHandle(reference).query(caseStateQuery));
    } catch (err) {
      failedQueries.push(`${reference}: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ''}`);
      return undefined;
    }
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const cached: number[] = [];
  for (const r of records.slice(-30)) { const ms = await ask(r.reference); if (ms !== undefined) cached.push(ms); }
  const evicted: number[] = [];
  for (const r of records.slice(0, 30)) { const ms = await ask(r.reference); if (ms !== undefined) evicted.push(ms); }
  if (failedQueries.length) say(`  queries that failed: ${failedQueries.length}, the first: ${failedQueries[0]}`);
  if (!cached.length || !evicted.length) throw new Error(`every query failed: ${failedQueries[0]}`);

  // The same cases' status pages, as their customers open them (one address each, as customers have).
  const view = async (reference: string, i: number) => {
    const start = process.hrtime.bigint();
    const res = await fetch(`${stack.webUrl}/status/${statusToken(stack.statusTokenSecret, reference)}`, {
      headers: { 'x-forwarded-for': `10.9.${Math.floor(i / 250)}.${(i % 250) + 1}` },
    });
    const html = await res.text();
    if (!res.ok || !html.includes(reference)) throw new Error(`status page of ${reference}: ${res.status}`);
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const pageCached: number[] = [];
  for (const [i, r] of records.slice(-30).entries()) pageCached.push(await view(r.reference, i));
  const pageEvicted: number[] = [];
  for (const [i, r] of records.slice(0, 30).entries()) pageEvicted.push(await view(r.reference, 30 + i));

  // The milestone: every reminder task, and how long after its due time the row was in Postgres
  // (seen by polling every 200 ms; its created_at is when the workflow scheduled the activity).
  const seenAt = new Map<string, number>();
  const scheduledAt = new Map<string, number>();
  const ours = new Set(records.map((r) => r.reference));
  let lastId = 0;
  const waitUntil = due.getTime() + 60_000 + 15 * 60_000;
  while (Date.now() < waitUntil && seenAt.size < o.cases) {
    const rows = await sql<{ id: string; reference: string; created_at: Date }[]>`
      SELECT id, reference, created_at FROM tasks WHERE id > ${lastId} AND kind = 'reminder' ORDER BY id`;
    const now = Date.now();
    for (const row of rows) {
      lastId = Math.max(lastId, Number(row.id));
      if (!ours.has(row.reference)) continue;
      seenAt.set(row.reference, now);
      scheduledAt.set(row.reference, row.created_at.getTime());
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const lags = [...seenAt].map(([reference, at]) => at - dueOf.get(reference)!.getTime());
  const scheduledLags = [...scheduledAt].map(([reference, at]) => at - dueOf.get(reference)!.getTime());
  const startedLate = [...startedAt.entries()].filter(([ref, at]) => at > dueOf.get(ref)!.getTime()).length;
  const [late] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM tasks WHERE kind = 'triage' AND reference = ANY(${[...ours]}) AND created_at >= ${due}`;
  return {
    cases: o.cases, startsPerSecond, memory,
    query: { cached: timingOf(cached), evicted: timingOf(evicted), failed: failedQueries.length },
    page: { cached: timingOf(pageCached), evicted: timingOf(pageEvicted) },
    lag: {
      p50: percentile(lags, 0.5), p99: percentile(lags, 0.99), max: Math.max(...lags), tasks: seenAt.size, startedLate, firstStepsLate: late!.n,
      scheduledP50: percentile(scheduledLags, 0.5), scheduledP99: percentile(scheduledLags, 0.99),
    },
  };
}
