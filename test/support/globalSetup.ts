import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDatabase } from '../../src/db/db';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/db/embeddedPostgres';
import { migrate } from '../../src/db/migrate';
import { resolveTemporalServer, resolveTestServer } from '../../src/infra/binaries';
import { startDevServer, type DevServerHandle } from '../../src/infra/devServer';
import { provideSystemPackages } from './systemPackages';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

declare global {
  // eslint-disable-next-line no-var
  var __klachtflowServers: { pg: EmbeddedPostgresHandle; dev: DevServerHandle; dir: string } | undefined;
}

/** Provisions and starts the real servers once per test run; tests read their addresses from the environment. */
export default async function globalSetup(): Promise<void> {
  provideSystemPackages();
  const testServer = await resolveTestServer();
  // The real Temporal server of test/integration/cluster.test.ts: built once, up front (about 9 minutes the first time).
  await resolveTemporalServer();
  // 0700, as mkdtemp makes it: as root, Postgres runs as the postgres user from a place of its own.
  const dir = mkdtempSync(path.join(tmpdir(), 'klachtflow-test-'));
  const started = await Promise.allSettled([
    freePort().then((port) => startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port, persistent: false })),
    freePort().then((port) => startDevServer({ port })),
  ]);
  const [pgResult, devResult] = started;
  if (pgResult.status === 'rejected' || devResult.status === 'rejected') {
    // Jest skips the teardown after a failed setup: stop what did start.
    await Promise.allSettled(started.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    rmSync(dir, { recursive: true, force: true });
    throw pgResult.status === 'rejected' ? pgResult.reason : (devResult as PromiseRejectedResult).reason;
  }
  const [pg, dev] = [pgResult.value, devResult.value];
  const sql = connectDatabase(pg.url, 1);
  await migrate(sql);
  await sql.end();
  globalThis.__klachtflowServers = { pg, dev, dir };
  process.env.KF_TEST_DATABASE_URL = pg.url;
  process.env.KF_TEST_TEMPORAL_ADDRESS = dev.address;
  process.env.KF_TEST_SERVER_EXECUTABLE = JSON.stringify(testServer);
  // Every HTML page the tests render, for the Nu Html Checker at the end (htmlCapture.ts, globalTeardown.ts).
  process.env.KF_TEST_HTML_DIR = path.join(dir, 'html');
  mkdirSync(process.env.KF_TEST_HTML_DIR);
}
