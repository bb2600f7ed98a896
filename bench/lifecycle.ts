/**
 * A whole complaint on the time-skipping test server: received, confirmed, reminded at working
 * day 3, breached at 5, warned at 25 and 30, breached at 34, then resolved, and closed when the
 * 30-day objection window has passed; the real activities against the bench's database. Beside it
 * the baseline: a bare workflow that waits on the same timers and does nothing else.
 */
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WorkingDayCalendar } from '../src/calendar/workingDays';
import { startCaseWorkflow } from '../src/cases/startCaseWorkflow';
import { insertCase } from '../src/db/cases';
import type { Sql } from '../src/db/db';
import { caseDeadlines } from '../src/domain/deadlines';
import { DEFAULT_POLICY } from '../src/domain/policy';
import { resolveTestServer } from '../src/infra/binaries';
import { resolveUpdate } from '../src/temporal/caseMessages';
import { newEncryptionKey, temporalEncryption } from '../src/temporal/codec';
import { ensureSearchAttributes } from '../src/temporal/connection';
import { createCaseWorker } from '../worker';
import { BARE_QUEUE } from './stack';

const QUEUE = 'bench-lifecycle';

export interface LifecycleRound { caseMs: number; bareMs: number; events: number }

export async function benchLifecycle(sql: Sql, rounds: number): Promise<LifecycleRound[]> {
  const { dataConverter } = temporalEncryption({ encryptionKeys: newEncryptionKey('bench-1') });
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: await resolveTestServer() }, client: { dataConverter } });
  await ensureSearchAttributes(env.connection, 'default');
  const calendar = new WorkingDayCalendar();
  const caseWorker = await createCaseWorker({
    connection: env.nativeConnection, namespace: 'default', taskQueue: QUEUE, dataConverter,
    activities: { sql, calendar: async () => calendar, mailFrom: 'klachten@example.nl', statusLinks: { secret: 'x'.repeat(32), baseUrl: 'http://localhost' } },
  });
  // The same encrypted payloads as the case: the baseline differs only in what the workflow does.
  const bareWorker = await Worker.create({ connection: env.nativeConnection, taskQueue: BARE_QUEUE, dataConverter, workflowsPath: require.resolve('./workflows/bare') });
  const result: LifecycleRound[] = [];
  try {
    await bareWorker.runUntil(caseWorker.runUntil(async () => {
      for (let r = 0; r < rounds; r++) {
        const receivedAt = new Date(await env.currentTimeMs());
        const deadlines = caseDeadlines(calendar, 'complaint', receivedAt, DEFAULT_POLICY);
        const resolveAt = Date.parse(deadlines.resolutionDue!) + 3_600_000;
        // The bare workflow's timers: the case's milestones, and the end of an objection window after the outcome.
        const timers = [deadlines.substantiveResponseReminder, deadlines.substantiveResponseDue, ...(deadlines.resolutionWarnings ?? []).map((w) => w.at),
          deadlines.resolutionDue!, new Date(resolveAt + 31 * 86_400_000).toISOString()];
        let start = Date.now();
        await env.client.workflow.execute('timersWorkflow', { taskQueue: BARE_QUEUE, workflowId: `bare-${randomUUID()}`, args: [timers] });
        const bareMs = Date.now() - start;

        start = Date.now();
        const caseStart = await env.currentTimeMs();
        const { record } = await insertCase(sql, {
          intake: { caseType: 'complaint', name: 'Bench Klant', email: 'klant@example.nl', category: 'billing', description: 'Een klacht die de hele procedure doorloopt.' } as never,
          channel: 'web', language: 'nl', receivedAt: new Date(caseStart), submissionKey: randomUUID(),
          deadlines: caseDeadlines(calendar, 'complaint', new Date(caseStart), DEFAULT_POLICY), policy: DEFAULT_POLICY,
          statusTokenHash: () => randomUUID(), submissionHash: randomUUID(),
        });
        await startCaseWorkflow({ sql, client: env.client, taskQueue: QUEUE }, record);
        const handle = env.client.workflow.getHandle(record.reference);
        await env.sleep(Date.parse(record.deadlines.resolutionDue!) + 3_600_000 - caseStart);
        await handle.executeUpdate(resolveUpdate, {
          args: [{ outcome: 'Wij hebben de factuur gecorrigeerd.', solution: 'Creditnota.', by: 'behandelaar@ccv.test', justified: 'justified', rootCause: 'billing' }],
        });
        await handle.result();
        const caseMs = Date.now() - start;
        const history = await handle.fetchHistory();
        result.push({ caseMs, bareMs, events: history.events?.length ?? 0 });
      }
    }));
  } finally {
    await env.teardown();
  }
  return result;
}
