/**
 * `npm start`: the whole system on one machine. Starts, in order, Postgres (embedded unless
 * DATABASE_URL is set), the Temporal dev server (unless TEMPORAL_ADDRESS is set), the migrations,
 * the worker and the web app; Ctrl-C stops all of it. A worker or web app that crashes is
 * restarted (after 1 s, doubling to 30 s while it keeps crashing); Postgres ending stops all.
 * Data stays under ./.data between runs. The helpers it shares with `npm run start:cluster` are
 * in src/infra/localStack.ts.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/db';
import { migrate } from '../db/migrate';
import { countStaff, createStaff } from '../db/staff';
import { progress } from '../infra/binaries';
import { startDevServer } from '../infra/devServer';
import {
  developmentSecrets, ROOT, startEmbeddedPostgres, superviseProcess, waitForHealthy, WEB_ENTRY, WORKER_ENTRY, workerNodeArgs, stackControl, withoutPassword,
} from '../infra/localStack';
import { CODEC_PATH } from '../web/codec';
import { TEMPORAL_WEB_PATH } from '../web/temporalWeb';

const DATA_DIR = path.resolve(process.env.KLACHTFLOW_DATA_DIR ?? path.join(ROOT, '.data'));

async function main(): Promise<void> {
  const config = loadConfig();
  const { stops, stopAll, crashed } = stackControl();
  // The data folder is its owner's alone (0700), also when it was made before, more open.
  mkdirSync(DATA_DIR, { recursive: true, mode: 0o700 });
  chmodSync(DATA_DIR, 0o700);

  try {
    let databaseUrl = config.databaseUrl;
    if (databaseUrl) {
      progress('Postgres: using DATABASE_URL.');
    } else {
      const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
      progress(`Postgres: starting embedded PostgreSQL on 127.0.0.1:${port}, data in ${path.join(DATA_DIR, 'postgres')}`);
      const pg = await startEmbeddedPostgres(path.join(DATA_DIR, 'postgres'), port, crashed);
      stops.push(pg.stop);
      databaseUrl = pg.url;
    }

    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let uiUrl = config.temporal.uiUrl;
    let uiUpstream = config.temporal.uiUpstream;
    if (temporalAddress) {
      progress(`Temporal: using TEMPORAL_ADDRESS ${temporalAddress} (the web app registers the search attributes).`);
    } else {
      const dbFile = path.join(DATA_DIR, 'temporal.sqlite');
      const port = Number(process.env.DEV_SERVER_PORT ?? 7233);
      const uiPort = Number(process.env.DEV_SERVER_UI_PORT ?? 8233);
      progress(`Temporal: starting the dev server on 127.0.0.1:${port} (Web UI on 127.0.0.1:${uiPort}, for staff at /admin/temporal), workflows in ${dbFile}`);
      const server = await startDevServer({
        port, uiPort, dbFile, logFile: path.join(DATA_DIR, 'temporal.log'), namespace: config.temporal.namespace,
        // Staff open it through the web app, whose codec endpoint decrypts the payloads for them.
        ui: { publicPath: TEMPORAL_WEB_PATH, codecEndpoint: `${config.publicBaseUrl}${CODEC_PATH}` },
      });
      stops.push(server.stop);
      temporalAddress = server.address;
      uiUpstream = `http://127.0.0.1:${uiPort}`;
      uiUrl = `${config.publicBaseUrl}${TEMPORAL_WEB_PATH}`;
    }

    progress('Database: applying migrations.');
    const sql = connectDatabase(databaseUrl, 1);
    const applied = await migrate(sql);
    progress(applied.length ? `Database: applied ${applied.join(', ')}` : 'Database: schema up to date.');
    if ((await countStaff(sql)) === 0) {
      // A first administrator, so that the admin area can be opened at all; said loudly.
      const password = randomBytes(12).toString('base64url');
      await createStaff(sql, { email: 'admin@localhost', name: 'Beheerder (ontwikkeling)', role: 'admin', password, oneTime: true });
      progress('==================================================================================');
      progress(`No staff accounts yet: created the DEVELOPMENT administrator admin@localhost, password ${password}`);
      progress('Sign in at /admin, create real accounts there (or: npm run staff -- add <email> <role>),');
      progress('then deactivate admin@localhost. This password works once: choose your own at the first sign-in.');
      progress('==================================================================================');
    }
    await sql.end();

    const env = {
      ...process.env, ...developmentSecrets(DATA_DIR),
      DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_UI_URL: uiUrl,
      ...(uiUpstream ? { TEMPORAL_UI_UPSTREAM: uiUpstream } : {}),
    };
    // A worker or web process that crashes is restarted (with backoff); Postgres or Temporal ending stops all.
    progress('Worker: starting worker.ts (bundles the workflow code first).');
    stops.push(superviseProcess('worker', WORKER_ENTRY, env, { nodeArgs: workerNodeArgs() }).stop);
    progress(`Web app: starting on ${config.publicBaseUrl}`);
    stops.push(superviseProcess('web', WEB_ENTRY, env).stop);
    await waitForHealthy(`http://127.0.0.1:${config.port}/healthz`);

    process.stdout.write([
      '',
      'Klachtflow is running:',
      `  Public form (nl/en):  ${config.publicBaseUrl}/`,
      `  Admin area (staff):   ${config.publicBaseUrl}/admin`,
      `  Health:               ${config.publicBaseUrl}/healthz`,
      `  Temporal Web:         ${uiUrl}/namespaces/${config.temporal.namespace}/workflows`,
      `  Outbox (no SMTP_URL): table "outbox" in ${withoutPassword(databaseUrl)}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'));
  } catch (err) {
    progress(`Start failed: ${(err as Error).message}`);
    await stopAll(1);
  }
}

void main();
