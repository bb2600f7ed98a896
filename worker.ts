/**
 * The worker process: runs the case workflows and their activities on the task queue.
 * `npm start` runs it for you; in production it is its own process (see docker-compose.yml),
 * compiled by `npm run build` (dist/worker.js) and with the workflow bundle made there.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from './activities';
import { createMailer } from './activities/email';
import { faultInterceptors } from './activities/faults';
import { loadConfig, requiredSecret } from './src/config';
import { connectDatabase } from './src/db/db';
import { migrate } from './src/db/migrate';
import { currentRules, loadSettings } from './src/db/settings';
import { logger } from './src/logger';
import { ensureAnalysisSchedule, syncGovernanceSchedules } from './src/reports/schedules';
import { ensureRetentionSchedule, setNamespaceRetention } from './src/retention/schedule';
import { startTaskWebhook } from './src/tasks/webhook';
import { temporalEncryption } from './src/temporal/codec';
import { temporalClient } from './src/temporal/connection';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: ActivityDeps;
  /**
   * A prebuilt bundle, made with FAILURE_CONVERTER_PATH (the tests build it once; the production
   * worker loads dist/workflow-bundle.js); by default the workflows are bundled at start.
   */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Every payload encrypted (src/temporal/codec.ts). */
  dataConverter: DataConverter;
  /** The sticky cache (WORKER_CACHED_WORKFLOWS); the SDK's default from the heap when omitted (tests). */
  maxCachedWorkflows?: number;
}

export function createCaseWorker(o: CaseWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    activities: createActivities(o.activities),
    // Every activity's failure classified (retry or not) and long retries reported.
    interceptors: { activity: [faultInterceptors] },
    dataConverter: o.dataConverter,
    ...(o.maxCachedWorkflows ? { maxCachedWorkflows: o.maxCachedWorkflows } : {}),
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: require.resolve('./workflows') }),
  });
}

/** The bundle `npm run build` writes beside the compiled worker (src/cli/build.ts uses the same name). */
const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';

/**
 * The prebuilt workflow bundle: WORKFLOW_BUNDLE_PATH when set, else dist/workflow-bundle.js when
 * this is the compiled worker beside it; undefined from the TypeScript source (npm start, tsx),
 * which bundles the workflows at start.
 */
export function prebuiltWorkflowBundle(env: NodeJS.ProcessEnv = process.env): { codePath: string } | undefined {
  const given = env.WORKFLOW_BUNDLE_PATH;
  if (given) {
    if (!existsSync(given)) throw new Error(`WORKFLOW_BUNDLE_PATH points to ${given}, which does not exist (npm run build makes dist/${WORKFLOW_BUNDLE_FILE})`);
    return { codePath: path.resolve(given) };
  }
  const beside = path.join(__dirname, WORKFLOW_BUNDLE_FILE);
  return existsSync(beside) ? { codePath: beside } : undefined;
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required for the worker (npm start sets it for you)');
  const sql = connectDatabase(config.databaseUrl);
  await migrate(sql);
  const { dataConverter } = temporalEncryption(config);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const workflowBundle = prebuiltWorkflowBundle();
  logger.info({ workflowBundle: workflowBundle?.codePath ?? 'bundled at start' }, 'workflow code');
  const worker = await createCaseWorker({
    dataConverter,
    workflowBundle,
    maxCachedWorkflows: config.workerCachedWorkflows,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: {
      sql,
      calendar: async () => (await currentRules(sql)).calendar,
      mailer: config.mail.smtpUrl ? createMailer(config.mail.smtpUrl) : undefined,
      mailFrom: config.mail.from,
      statusLinks: {
        secret: requiredSecret(config.statusTokenSecret, 'STATUS_TOKEN_SECRET'),
        baseUrl: config.publicBaseUrl,
      },
    },
  });
  // Every governance body has its report Schedule, also when a body changed while Temporal was away.
  const clientConnection = await Connection.connect({ address: config.temporal.address });
  const client = temporalClient(clientConnection, config.temporal.namespace, dataConverter);
  const schedules = await syncGovernanceSchedules(client, sql, config.temporal.taskQueue);
  const analysis = await ensureAnalysisSchedule(client, config.temporal.taskQueue);
  logger.info({ ...schedules, analysis }, 'report and analysis schedules in step');
  // Retention (AVG): the daily run, and how long Temporal keeps closed workflows (the setting).
  const retention = await ensureRetentionSchedule(client, config.temporal.taskQueue);
  const historyDays = (await loadSettings(sql)).retention.workflowHistoryDays;
  await setNamespaceRetention(clientConnection, config.temporal.namespace, historyDays)
    .then((before) => logger.info({ retention, historyDays, before }, 'retention schedule and namespace retention in step'))
    .catch((err: unknown) => logger.warn({ err }, 'namespace retention not set'));
  const stopWebhook = config.taskWebhook ? startTaskWebhook(sql, config.taskWebhook) : () => undefined;
  logger.info({ taskQueue: config.temporal.taskQueue, cachedWorkflows: config.workerCachedWorkflows,
    heapLimitMiB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20), smtp: Boolean(config.mail.smtpUrl), taskWebhook: Boolean(config.taskWebhook) }, 'worker running');
  // Worker.run() shuts down gracefully on SIGINT/SIGTERM (the SDK installs the handlers).
  await worker.run();
  stopWebhook();
  await clientConnection.close();
  await connection.close();
  await sql.end();
}

if (require.main === module) {
  main().catch((err) => {
    logger.fatal(err, 'worker stopped');
    process.exit(1);
  });
}
