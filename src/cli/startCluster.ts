/**
 * `npm run start:cluster`: the production topology of docker-compose.yml on one machine, from
 * binaries and without Docker. Starts, in order, an embedded PostgreSQL, the real Temporal
 * server (temporal-server 1.29.1 on that Postgres: src/infra/temporalServer.ts), the migrations,
 * two worker processes and two web processes (ports 3000 and 3001 unless WEB_PORTS says
 * otherwise). A worker or web process that crashes is restarted with backoff, as under
 * `npm start` (src/infra/localStack.ts); Postgres or the Temporal server ending stops all, and
 * Ctrl-C stops all of it in the reverse order. Data stays under ./.data-cluster (or
 * KLACHTFLOW_DATA_DIR) between runs, apart from `npm start`'s ./.data.
 *
 * Ports: EMBEDDED_PG_PORT (54330), TEMPORAL_SERVER_PORT (7333, and the seven after it for the
 * server's other services), WEB_PORTS (3000,3001). The development secrets are made and kept as
 * `npm start` does (<data dir>/secrets.json) unless set in the environment. There is no Temporal
 * Web here: `temporal workflow list --address ...` shows the workflows.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { connectDatabase } from '../db/db';
import { migrate } from '../db/migrate';
import { countStaff, createStaff } from '../db/staff';
import { cacheDir, progress } from '../infra/binaries';
import {
  developmentSecrets, ROOT, startEmbeddedPostgres, superviseProcess, waitForHealthy, WEB_ENTRY, WORKER_ENTRY, workerNodeArgs, stackControl, withoutPassword,
} from '../infra/localStack';
import { startTemporalServer } from '../infra/temporalServer';

const DATA_DIR = path.resolve(process.env.KLACHTFLOW_DATA_DIR ?? path.join(ROOT, '.data-cluster'));
const WORKERS = 2;

function ports(): { postgres: number; temporal: number; web: number[] } {
  const web = (process.env.WEB_PORTS ?? '3000,3001').split(',').map((p) => Number(p.trim()));
  if (web.length === 0 || web.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
    throw new Error(`WEB_PORTS must be a comma-separated list of ports, not ${process.env.WEB_PORTS}`);
  }
  return { postgres: Number(process.env.EMBEDDED_PG_PORT ?? 54330), temporal: Number(process.env.TEMPORAL_SERVER_PORT ?? 7333), web };
}

async function main(): Promise<void> {
  const { stops, stopAll, crashed } = stackControl();
  mkdirSync(DATA_DIR, { recursive: true, mode: 0o700 });
  chmodSync(DATA_DIR, 0o700);

  try {
    const started = Date.now();
    const port = ports();
    if (process.env.DATABASE_URL) progress('DATABASE_URL is ignored here: the cluster runs its own PostgreSQL (Temporal needs a superuser to set up).');
    progress(`Postgres: starting embedded PostgreSQL on 127.0.0.1:${port.postgres}, data in ${path.join(DATA_DIR, 'postgres')}`);
    const pg = await startEmbeddedPostgres(path.join(DATA_DIR, 'postgres'), port.postgres, crashed);
    stops.push(pg.stop);
    // The embedded cluster's user (klachtflow) is its superuser: it makes Temporal's role and databases.
    const databaseUrl = pg.url;

    const temporalDir = path.join(DATA_DIR, 'temporal');
    progress(`Temporal: starting temporal-server on 127.0.0.1:${port.temporal} (ports up to ${port.temporal + 7}), files in ${temporalDir}`);
    const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
    const temporal = await startTemporalServer({ postgres: databaseUrl, dataDir: temporalDir, port: port.temporal, namespace });
    stops.push(temporal.stop);
    void temporal.exited.then((how) => crashed('temporal-server', how));

    progress('Database: applying migrations.');
    const sql = connectDatabase(databaseUrl, 1);
    const applied = await migrate(sql);
    progress(applied.length ? `Database: applied ${applied.join(', ')}` : 'Database: schema up to date.');
    if ((await countStaff(sql)) === 0) {
      // As npm start does: a first administrator, so that the admin area can be opened at all.
      const password = randomBytes(12).toString('base64url');
      await createStaff(sql, { email: 'admin@localhost', name: 'Beheerder (ontwikkeling)', role: 'admin', password, oneTime: true });
      progress(`No staff accounts yet: created the DEVELOPMENT administrator admin@localhost, password ${password} (works once).`);
    }
    await sql.end();

    const env: NodeJS.ProcessEnv = { ...process.env, ...developmentSecrets(DATA_DIR), DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address };
    // Status links in the workers' emails point at the first web process unless PUBLIC_BASE_URL says otherwise.
    const workerEnv = { ...env, PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || `http://localhost:${port.web[0]}` };
    // A worker or web process that crashes is restarted (with backoff) while the others carry the
    // load; Postgres or the Temporal server ending stops all.
    const pids: string[] = [];
    for (let i = 1; i <= WORKERS; i++) {
      progress(`Worker ${i}: starting worker.ts.`);
      const worker = superviseProcess(`worker ${i}`, WORKER_ENTRY, workerEnv, { nodeArgs: workerNodeArgs() });
      stops.push(worker.stop);
      pids.push(`worker ${i} ${worker.current().child.pid}`);
    }
    for (const webPort of port.web) {
      progress(`Web app: starting on port ${webPort}.`);
      const web = superviseProcess(`web ${webPort}`, WEB_ENTRY, { ...env, PORT: String(webPort) });
      stops.push(web.stop);
      pids.push(`web ${webPort} ${web.current().child.pid}`);
    }
    await Promise.all(port.web.map((webPort) => waitForHealthy(`http://127.0.0.1:${webPort}/healthz`)));

    const cli = path.join(cacheDir(), 'bin', 'temporal');
    process.stdout.write([
      '',
      `Klachtflow cluster is running (started in ${((Date.now() - started) / 1000).toFixed(1)} s):`,
      ...port.web.map((webPort) => `  Web app:            http://localhost:${webPort}/ (admin: /admin, health: /healthz)`),
      `  Temporal frontend:  ${temporal.address}, namespace ${namespace} (temporal-server pid ${temporal.pid})`,
      `  Temporal config:    ${temporal.configFile}`,
      `  Temporal log:       ${temporal.logFile}`,
      `  Workflows:          ${cli} workflow list --address ${temporal.address} --namespace ${namespace}`,
      `  Postgres:           ${withoutPassword(databaseUrl)} (databases klachtflow, temporal, temporal_visibility)`,
      `  Processes:          ${pids.join(', ')}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'));
  } catch (err) {
    progress(`Start failed: ${(err as Error).message}`);
    await stopAll(1);
  }
}

void main();
