/**
 * Fault run: the worker is killed (SIGKILL) while its email sends wait for the SMTP server's
 * reply. The worker runs in a child process (test/support/emailWorkerProcess.ts: the real
 * activities against the test database); four SMTP servers in this process each hold their reply
 * at one phase for the first PER_PHASE sessions: the greeting after connecting, the reply to MAIL
 * FROM, to RCPT TO, and to the final dot after DATA. Once all of them wait, the worker is killed
 * and a fresh one started; every send must then finish. Per phase it counts how many emails the
 * servers received once and twice, and prints the figures.
 *
 * What must hold: a kill before the final dot duplicates nothing (the server discards an
 * unfinished transaction); a kill while the server works on its reply to the final dot may
 * duplicate (the server took the message, the worker never heard), but then both copies carry the
 * same Message-ID; no email is lost; an email is sent again only after the lease of the killed
 * attempt ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import type { AddressObject } from 'mailparser';
import { caseMessageId } from '../../activities/email';
import type { CaseRecord } from '../../src/db/cases';
import type { Sql } from '../../src/db/db';
import { storeCase } from '../support/cases';
import { devServerAddress, testDatabase } from '../support/env';
import { SEND_ATTEMPT_TIMEOUT_MS, type sendOneEmail } from '../support/emailSendWorkflow';
import { EMAIL_WORKER_MAIL_FROM } from '../support/emailWorkerProcess';
import { startSmtpServer, type SmtpPhase, type TestSmtpServer } from '../support/smtp';
import { eventually } from '../support/timeSkipping';

const PER_PHASE = 5;
const PHASES: { phase: SmtpPhase; label: string }[] = [
  { phase: 'connect', label: 'connected, before the greeting' },
  { phase: 'mail', label: 'after MAIL FROM, before its reply' },
  { phase: 'rcpt', label: 'after RCPT TO, before its reply' },
  { phase: 'data-end', label: 'after the final dot, before the 250' },
];
const RUN = randomUUID().slice(0, 8);
const WORKFLOW_QUEUE = `email-worker-killed-${RUN}`;
const queueOf = (phase: SmtpPhase) => `${WORKFLOW_QUEUE}-${phase}`;

let sql: Sql;
let servers: Map<SmtpPhase, TestSmtpServer>;
let connection: Connection;
let client: Client;
let workflowConnection: NativeConnection;
let workflowWorker: Worker;
let workflowsRunning: Promise<void>;
const children = new Set<ChildProcess>();
let childOutput = '';

beforeAll(async () => {
  sql = testDatabase();
  servers = new Map();
  for (const { phase } of PHASES) {
    const server = await startSmtpServer();
    server.hold = { phase, sessions: PER_PHASE };
    servers.set(phase, server);
  }
  connection = await Connection.connect({ address: devServerAddress() });
  client = new Client({ connection, namespace: 'default' });
  // The workflows run in this process, which lives on; only the activity worker is killed.
  workflowConnection = await NativeConnection.connect({ address: devServerAddress() });
  workflowWorker = await Worker.create({
    connection: workflowConnection,
    namespace: 'default',
    taskQueue: WORKFLOW_QUEUE,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('../support/emailSendWorkflow'), logger: quiet }),
  });
  workflowsRunning = workflowWorker.run();
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  workflowWorker?.shutdown();
  await workflowsRunning;
  await workflowConnection?.close();
  await connection?.close();
  for (const server of servers?.values() ?? []) await server.close();
  await sql?.end();
});

/** Starts the activity worker process and waits until it polls. */
async function startWorkerProcess(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'support', 'emailWorkerProcess.ts')], {
    cwd: path.join(__dirname, '..', '..'),
    env: {
      ...process.env,
      KF_EMAIL_WORKERS: JSON.stringify(PHASES.map(({ phase }) => ({ taskQueue: queueOf(phase), smtpUrl: servers.get(phase)!.url }))),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  child.stderr!.on('data', (chunk: Buffer) => { childOutput += chunk.toString(); });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('READY')) resolve(); });
    child.once('exit', (code, signal) => reject(new Error(`worker process ended (${signal ?? code}) before it was ready:\n${childOutput}`)));
  });
  return child;
}

interface OutboxRow { reference: string; status: string; leaseUntil: Date | null; sentAt: Date | null; attempts: number; messageId: string }

function outboxRows(references: string[]): Promise<OutboxRow[]> {
  return sql<OutboxRow[]>`
    SELECT reference, status, lease_until AS "leaseUntil", sent_at AS "sentAt", attempts, message_id AS "messageId"
    FROM outbox WHERE reference IN ${sql(references)} AND event_key = 'acknowledgement'`;
}

test('worker killed during a send: nothing doubled before the final dot, nothing lost, a double carries the same Message-ID', async () => {
  const cases: { phase: SmtpPhase; record: CaseRecord }[] = [];
  for (const { phase } of PHASES) {
    for (let i = 0; i < PER_PHASE; i++) cases.push({ phase, record: await storeCase(sql) });
  }
  const references = cases.map((c) => c.record.reference);

  let worker = await startWorkerProcess();
  const handles: WorkflowHandle<typeof sendOneEmail>[] = await Promise.all(cases.map(({ phase, record }) =>
    client.workflow.start<typeof sendOneEmail>('sendOneEmail', {
      taskQueue: WORKFLOW_QUEUE,
      workflowId: `${record.reference}-worker-killed-${RUN}`,
      args: [{ reference: record.reference, eventKey: 'acknowledgement', template: 'acknowledgement', data: {}, taskQueue: queueOf(phase) }],
    })));

  // Every send waits for its server's reply: kill the worker.
  await eventually(async () => [...servers.values()].every((s) => s.held.total === PER_PHASE), 'every send waiting at its phase', 20_000);
  const atKill = await outboxRows(references);
  const killedAt = Date.now();
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.kill('SIGKILL');
  await exited;
  await eventually(async () => [...servers.values()].every((s) => s.held.abandoned === PER_PHASE), 'the servers seeing the worker gone', 10_000);
  expect(atKill.map((r) => r.status)).toEqual(references.map(() => 'sending'));

  // A fresh worker; each killed attempt's email goes out again once the attempt timed out and its lease ended.
  worker = await startWorkerProcess();
  const outcomes = await Promise.all(handles.map((h) => h.result()));
  expect(outcomes).toEqual(references.map(() => 'sent'));
  const after = new Map((await outboxRows(references)).map((r) => [r.reference, r]));
  worker.kill('SIGTERM');

  const rows = PHASES.map(({ phase, label }) => {
    const server = servers.get(phase)!;
    const mine = cases.filter((c) => c.phase === phase);
    const copies = mine.map(({ record }) => {
      const received = server.received.filter((m) => (m.to as AddressObject).value.some((a) => a.address === record.email));
      return { record, received, expectedId: caseMessageId(record.reference, 'acknowledgement', EMAIL_WORKER_MAIL_FROM) };
    });
    return {
      phase,
      label,
      inFlight: mine.length,
      once: copies.filter((c) => c.received.length === 1).length,
      twice: copies.filter((c) => c.received.length === 2).length,
      more: copies.filter((c) => c.received.length > 2).length,
      lost: copies.filter((c) => c.received.length === 0).length,
      sameMessageId: copies.filter((c) => c.received.length > 1 && c.received.every((m) => m.messageId === c.expectedId)).length,
      copies,
    };
  });

  // Every message the servers answered with 250 was sent after the kill, by the fresh worker.
  const resends = [...servers.values()].flatMap((s) => s.acceptedAt);
  const leaseOf = new Map(atKill.map((r) => [r.messageId, r.leaseUntil!.getTime()]));
  const afterKill = resends.map((r) => r.at - killedAt);
  const afterLease = resends.map((r) => r.at - leaseOf.get(r.messageId!)!);
  const leaseLeft = atKill.map((r) => r.leaseUntil!.getTime() - killedAt);
  // From the server's 250 to the outbox row marked sent (both clocks of this machine).
  const sentAtOf = new Map([...after.values()].map((r) => [r.messageId, r.sentAt!.getTime()]));
  const recordedAfter = resends.map((r) => sentAtOf.get(r.messageId!)! - r.at);

  const s = (ms: number) => (ms / 1000).toFixed(1);
  const table = [
    '',
    `Fault run "worker killed during a send": ${cases.length} sends in flight, the worker SIGKILLed while each waited for its server's reply, then a fresh worker`,
    `${'SMTP phase at the kill'.padEnd(38)} in flight  delivered once  delivered twice  lost  doubles with the same Message-ID`,
    ...rows.map((r) => `${r.label.padEnd(38)} ${String(r.inFlight).padStart(9)}  ${String(r.once).padStart(14)}  ${String(r.twice + r.more).padStart(15)}  ${String(r.lost).padStart(4)}  ${r.twice + r.more ? `${r.sameMessageId} of ${r.twice + r.more}` : '-'}`),
    `Leases of the killed attempts ended ${s(Math.min(...leaseLeft))}–${s(Math.max(...leaseLeft))} s after the kill (attempt timeout ${s(SEND_ATTEMPT_TIMEOUT_MS)} s, lease to its end + 2 s); `
      + `sent again ${s(Math.min(...afterKill))}–${s(Math.max(...afterKill))} s after the kill, ${s(Math.min(...afterLease))}–${s(Math.max(...afterLease))} s after the lease ended.`,
    `From the server's 250 to the outbox row marked sent: median ${median(recordedAfter)} ms, at most ${Math.max(...recordedAfter)} ms (${recordedAfter.length} sends).`,
    '',
  ].join('\n');
  process.stdout.write(table);

  for (const r of rows) {
    expect(r.lost).toBe(0);
    expect(r.more).toBe(0);
    // Both copies of a double are the same message to the receiving system.
    expect(r.sameMessageId).toBe(r.twice);
    for (const c of r.copies) expect(c.received.map((m) => m.messageId)).toEqual(c.received.map(() => c.expectedId));
    // Before the final dot the server discards the unfinished transaction: nothing doubled.
    if (r.phase !== 'data-end') expect(r.once).toBe(PER_PHASE);
  }
  // The lease lasts as long as the killed attempt could (its timeout, plus 2 s), no longer.
  for (const left of leaseLeft) expect(left).toBeLessThanOrEqual(SEND_ATTEMPT_TIMEOUT_MS + 2_000);
  expect(Math.min(...afterLease)).toBeGreaterThanOrEqual(0);
  expect(resends).toHaveLength(cases.length);
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const quiet = {
  log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined,
  warn: () => undefined, error: (message: string) => console.error(message),
};
