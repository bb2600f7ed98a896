import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createMailer } from '../../activities/email';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';
import type { WorkingDayCalendar } from '../../src/calendar/workingDays';
import type { CaseRecord } from '../../src/db/cases';
import type { Sql } from '../../src/db/db';
import { ensureSearchAttributes } from '../../src/temporal/connection';
import type { caseWorkflow } from '../../workflows';
import { createCaseWorker } from '../../worker';
import { calendar, TEST_STATUS_LINKS } from './cases';
import { testEncryption, testServerExecutable, workflowBundle } from './env';

export const TASK_QUEUE = 'case-workflow-test';

export interface CaseEnvironment {
  env: TestWorkflowEnvironment;
  start(record: CaseRecord): Promise<WorkflowHandle<typeof caseWorkflow>>;
  /** Lets workflow time run until `iso` (time is locked otherwise). */
  skipTo(iso: string): Promise<void>;
  teardown(): Promise<void>;
}

/**
 * A fresh time-skipping test server with a worker running the real activities against the
 * test database (and a real SMTP server when `smtpUrl` is given; the calendar in force from
 * `o.calendar`, so that a test can add closure days as administrators do). One per test: the server's
 * clock and its time-skipping lock are global state.
 */
export async function caseEnvironment(
  sql: Sql, smtpUrl?: string, o: { calendar?: () => WorkingDayCalendar } = {},
): Promise<CaseEnvironment> {
  const calendarInForce = o.calendar ?? (() => calendar);
  const { dataConverter } = testEncryption();
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() }, client: { dataConverter } });
  await ensureSearchAttributes(env.connection, 'default');
  // The worker as worker.ts makes it: the same activities and fault interceptors.
  const worker = await createCaseWorker({
    connection: env.nativeConnection,
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    dataConverter,
    activities: {
      sql, calendar: async () => calendarInForce(), mailer: smtpUrl ? createMailer(smtpUrl) : undefined, mailFrom: 'klachten@example.nl', statusLinks: TEST_STATUS_LINKS,
    },
  });
  const running = worker.run();
  return {
    env,
    async start(record) {
      await startCaseWorkflow({ sql, client: env.client, taskQueue: TASK_QUEUE }, record);
      return env.client.workflow.getHandle<typeof caseWorkflow>(record.reference);
    },
    async skipTo(iso) {
      const ms = Date.parse(iso) - (await env.currentTimeMs());
      if (ms > 0) await env.sleep(ms);
    },
    async teardown() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}

/** Polls `probe` in real time until it returns something truthy (for at most `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T | undefined | false | null>, what: string, timeoutMs = 30_000): Promise<T> {
  for (let i = 0; i < timeoutMs / 100; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
