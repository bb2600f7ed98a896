/** The web process: the public form (and later the status pages and the admin UI). */
import type { Server } from 'node:http';
import { startPendingWorkflows } from '../cases/startCaseWorkflow';
import { temporalEncryption } from '../temporal/codec';
import { loadConfig, requiredSecret } from '../config';
import { connectDatabase } from '../db/db';
import { migrate } from '../db/migrate';
import { logger } from '../logger';
import { connectTemporal, ensureSearchAttributes, temporalClient } from '../temporal/connection';
import { createApp } from './app';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required for the web app (npm start sets it for you)');
  const sql = connectDatabase(config.databaseUrl);
  await migrate(sql);
  const { codec, dataConverter } = temporalEncryption(config);
  const connection = await connectTemporal(config.temporal.address);
  await ensureSearchAttributes(connection, config.temporal.namespace);
  const client = temporalClient(connection, config.temporal.namespace, dataConverter);
  const app = createApp({
    config, sql, client, codec,
    statusTokenSecret: requiredSecret(config.statusTokenSecret, 'STATUS_TOKEN_SECRET'),
    apiKey: config.intakeApiKey,
  });

  // Cases stored while Temporal was unreachable get their workflow as soon as it is back.
  const startPending = () => {
    startPendingWorkflows({ sql, client, taskQueue: config.temporal.taskQueue })
      .then((started) => started.length && logger.info({ started }, 'started workflows of cases stored earlier'))
      .catch((err) => logger.warn({ err }, 'pending workflows not started yet'));
  };
  startPending();
  const retry = setInterval(startPending, 60_000);

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
