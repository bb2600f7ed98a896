import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Mailer } from '../../activities/email';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { loadConfig, type Config } from '../../src/config';
import type { Sql } from '../../src/db/db';
import { createApp, type AppDeps } from '../../src/web/app';
import { createCaseWorker } from '../../worker';
import { TEST_STATUS_LINKS } from './cases';
import { devServerAddress, testDatabase, testEncryption, workflowBundle } from './env';

export interface DevStack {
  sql: Sql;
  client: Client;
  config: Config;
  /** The status links the worker writes into emails; a browser test sets the server's address. */
  statusLinks: { secret: string; baseUrl: string };
  /** The web app against this stack (options as for createApp). */
  app(options?: Partial<AppDeps>): ReturnType<typeof createApp>;
  /** The web app with a Temporal frontend that does not answer (no gRPC retries, to keep tests short). */
  offlineApp(): ReturnType<typeof createApp>;
  stop(): Promise<void>;
}

/**
 * The run's dev server and database with a worker of the case workflow on a task queue of the
 * test file's own: the stack the HTTP and browser tests drive.
 */
export async function devStack(taskQueue: string, o: { mailer?: Mailer } = {}): Promise<DevStack> {
  const sql = testDatabase();
  const { codec, dataConverter } = testEncryption();
  const connection = await Connection.connect({ address: devServerAddress() });
  const client = new Client({ connection, dataConverter });
  const nativeConnection = await NativeConnection.connect({ address: devServerAddress() });
  const statusLinks = { ...TEST_STATUS_LINKS };
  // The worker as worker.ts makes it: the same activities and fault interceptors.
  const worker = await createCaseWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    dataConverter,
    activities: {
      sql, calendar: async () => new WorkingDayCalendar(), mailer: o.mailer, mailFrom: 'klachten@example.nl', statusLinks,
    },
  });
  const running = worker.run();
  const defaults = loadConfig({});
  const config = { ...defaults, temporal: { ...defaults.temporal, taskQueue } };
  const dead: Connection[] = [];
  return {
    sql,
    client,
    config,
    statusLinks,
    // Each app counts its own rate limits (as before one process), unless a test shares a scope.
    app: (options = {}) => createApp({ config, sql, client, codec, statusTokenSecret: statusLinks.secret, rateLimitScope: randomUUID(), ...options }),
    offlineApp() {
      const connection = Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500, interceptors: [] });
      dead.push(connection);
      return createApp({ config, sql, client: new Client({ connection, dataConverter }), codec, statusTokenSecret: statusLinks.secret, rateLimitScope: randomUUID() });
    },
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
      await sql.end();
    },
  };
}
