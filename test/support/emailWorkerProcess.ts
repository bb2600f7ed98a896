/**
 * A worker process that test/integration/emailWorkerKilled.test.ts kills with SIGKILL: the real
 * case activities as worker.ts runs them (createActivities, the fault interceptors, createMailer),
 * against the test database (KF_TEST_DATABASE_URL, KF_TEST_TEMPORAL_ADDRESS), one activity worker per entry of KF_EMAIL_WORKERS (JSON
 * `[{ "taskQueue": ..., "smtpUrl": ... }]`). Prints READY once every worker polls; stops on SIGTERM.
 * Run as `node --import tsx`, one process: a signal reaches the worker itself, not a wrapper.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createMailer } from '../../activities/email';
import { faultInterceptors } from '../../activities/faults';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { connectDatabase } from '../../src/db/db';
import { TEST_STATUS_LINKS } from './cases';

export const EMAIL_WORKER_MAIL_FROM = 'Klachtflow <klachten@example.nl>';

async function main(): Promise<void> {
  const workers = JSON.parse(process.env.KF_EMAIL_WORKERS!) as { taskQueue: string; smtpUrl: string }[];
  const sql = connectDatabase(process.env.KF_TEST_DATABASE_URL!);
  const connection = await NativeConnection.connect({ address: process.env.KF_TEST_TEMPORAL_ADDRESS! });
  const calendar = new WorkingDayCalendar();
  const created = await Promise.all(workers.map(({ taskQueue, smtpUrl }) => Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    activities: createActivities({
      sql, calendar: async () => calendar, mailer: createMailer(smtpUrl), mailFrom: EMAIL_WORKER_MAIL_FROM, statusLinks: TEST_STATUS_LINKS,
    }),
    interceptors: { activity: [faultInterceptors] },
  })));
  // The SDK shuts every worker down on SIGTERM.
  const running = Promise.all(created.map((worker) => worker.run()));
  process.stdout.write('READY\n');
  await running;
  await connection.close();
  await sql.end();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
