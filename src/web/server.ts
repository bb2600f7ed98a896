/** The web process: the public form (and later the status pages and the admin UI). */
import type { Server } from 'node:http';
import type { Client } from '@temporalio/client';
import { WorkingDayCalendar } from '../calendar/workingDays';
import { startCaseWorkflow } from '../cases/startCaseWorkflow';
import { loadConfig, type Config } from '../config';
import { casesAwaitingWorkflow } from '../db/cases';
import { connectDatabase, type Sql } from '../db/db';
import { migrate } from '../db/migrate';
import { logger } from '../logger';
import { connectTemporal, ensureSearchAttributes, temporalClient } from '../temporal/connection';
import { createApp } from './app';

/** Starts the workflows of cases stored while Temporal was unreachable. */
async function startPendingWorkflows(sql: Sql, client: Client, config: Config): Promise<void> {
  for (const record of await casesAwaitingWorkflow(sql)) {
    await startCaseWorkflow({ sql, client, taskQueue: config.temporal.taskQueue }, record);
    logger.info({ reference: record.reference }, 'started workflow of a case stored earlier');
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required for the web app (npm start sets it for you)');
  const sql = connectDatabase(config.databaseUrl);
  await migrate(sql);
  const connection = await connectTemporal(config.temporal.address);
  await ensureSearchAttributes(connection, config.temporal.namespace);
  const client = temporalClient(connection, config.temporal.namespace);
  const app = createApp({ config, sql, client, calendar: new WorkingDayCalendar() });

  const retry = setInterval(() => {
    startPendingWorkflows(sql, client, config).catch((err) => logger.warn({ err }, 'pending workflows not started yet'));
  }, 60_000);
  await startPendingWorkflows(sql, client, config).catch((err) => logger.warn({ err }, 'pending workflows not started yet'));

  const server: Server = app.listen(config.port, () => logger.info({ url: config.publicBaseUrl }, 'web app listening'));
  const stop = () => {
    clearInterval(retry);
    server.close(() => {
      void Promise.all([connection.close(), sql.end()]).finally(() => process.exit(0));
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err) => {
    logger.fatal(err, 'web app stopped');
    process.exit(1);
  });
}
