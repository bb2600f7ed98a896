/**
 * `npm start`: the whole system on one machine. Starts, in order, Postgres (embedded unless
 * DATABASE_URL is set), the Temporal dev server (unless TEMPORAL_ADDRESS is set), the migrations,
 * the worker and the web app; Ctrl-C stops all of it. Data stays under ./.data between runs.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/db';
import { migrate } from '../db/migrate';
import { countStaff, createStaff } from '../db/staff';
import { progress } from '../infra/binaries';
import { startDevServer } from '../infra/devServer';
import { spawnManaged, type ManagedProcess } from '../infra/processes';
import { newEncryptionKey } from '../temporal/codec';
import { CODEC_PATH } from '../web/codec';
import { TEMPORAL_WEB_PATH } from '../web/temporalWeb';

const ROOT = path.resolve(__dirname, '..', '..');
const DATA_DIR = path.resolve(process.env.KLACHTFLOW_DATA_DIR ?? path.join(ROOT, '.data'));

async function main(): Promise<void> {
  const config = loadConfig();
  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    progress('Stopping ...');
    for (const stop of stops.reverse()) await stop().catch((err) => progress(`while stopping: ${(err as Error).message}`));
    progress('Stopped.');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));
  const crashed = (name: string, how: string) => {
    if (stopping) return;
    progress(`${name} ended unexpectedly (${how}).`);
    void stopAll(1);
  };
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
      ...process.env, ...developmentSecrets(),
      DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_UI_URL: uiUrl,
      ...(uiUpstream ? { TEMPORAL_UI_UPSTREAM: uiUpstream } : {}),
    };
    progress('Worker: starting worker.ts (bundles the workflow code first).');
    stops.push(startProcess('worker', path.join(ROOT, 'worker.ts'), env, crashed).stop);
    progress(`Web app: starting on ${config.publicBaseUrl}`);
    stops.push(startProcess('web', path.join(ROOT, 'src', 'web', 'server.ts'), env, crashed).stop);
    await waitForHealthy(`http://127.0.0.1:${config.port}/healthz`);

    process.stdout.write([
      '',
      'Klachtflow is running:',
      `  Public form (nl/en):  ${config.publicBaseUrl}/`,
      `  Admin area (staff):   ${config.publicBaseUrl}/admin`,
      `  Health:               ${config.publicBaseUrl}/healthz`,
      `  Temporal Web:         ${uiUrl}/namespaces/${config.temporal.namespace}/workflows`,
      `  Outbox (no SMTP_URL): table "outbox" in ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'));
  } catch (err) {
    progress(`Start failed: ${(err as Error).message}`);
    await stopAll(1);
  }
}

/** Runs a TypeScript entry point in its own Node process; `onExit` when it ends before it is stopped. */
function startProcess(
  name: string, entry: string, env: NodeJS.ProcessEnv, onExit: (name: string, how: string) => void,
  args: string[] = [], stdout: 'inherit' | 'pipe' = 'inherit',
): ManagedProcess {
  const proc = spawnManaged(process.execPath, ['--import', 'tsx', entry, ...args], {
    env, stdio: ['ignore', stdout, 'inherit'], cwd: ROOT,
  });
  let stopped = false;
  void proc.exited.then((how) => { if (!stopped) onExit(name, how); });
  return { ...proc, stop: async () => { stopped = true; await proc.stop(); } };
}

/** The embedded Postgres in its own process (src/cli/embeddedPostgres.ts), which prints its URL when ready. */
async function startEmbeddedPostgres(
  dataDir: string, port: number, onExit: (name: string, how: string) => void,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const pg = startProcess('postgres', path.join(ROOT, 'src', 'cli', 'embeddedPostgres.ts'), process.env, onExit,
    [dataDir, String(port)], 'pipe');
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    pg.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /^READY (\S+)$/m.exec(buffered);
      if (match) resolve(match[1]!);
    });
    void pg.exited.then((how) => reject(new Error(`embedded Postgres ended (${how}) before it was ready`)));
  });
  return { url, stop: pg.stop };
}

const DEVELOPMENT_SECRETS = ['CSRF_SECRET', 'STATUS_TOKEN_SECRET', 'KLACHTFLOW_ENCRYPTION_KEYS'] as const;

/**
 * CSRF_SECRET, STATUS_TOKEN_SECRET and KLACHTFLOW_ENCRYPTION_KEYS from the environment; when
 * unset, made once and kept in .data/secrets.json (0600), so that forms, status links and the
 * encrypted Temporal payloads survive a restart.
 */
function developmentSecrets(): Record<(typeof DEVELOPMENT_SECRETS)[number], string> {
  const file = path.join(DATA_DIR, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<string, string>>) : {};
  const make = { CSRF_SECRET: () => randomBytes(32).toString('hex'), STATUS_TOKEN_SECRET: () => randomBytes(32).toString('hex'),
    KLACHTFLOW_ENCRYPTION_KEYS: () => newEncryptionKey('dev-1') };
  const secrets = Object.fromEntries(DEVELOPMENT_SECRETS.map((name) => [name, process.env[name] || stored[name] || make[name]()])) as
    Record<(typeof DEVELOPMENT_SECRETS)[number], string>;
  if (DEVELOPMENT_SECRETS.some((name) => !process.env[name])) {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    progress(`Secrets: development secrets kept in ${file}; set ${DEVELOPMENT_SECRETS.join(', ')} in production.`);
  }
  return secrets;
}

async function waitForHealthy(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = await res.text();
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the web app did not become healthy: ${last}`);
}

void main();
