/**
 * Runs the embedded PostgreSQL server as its own process for `npm start`, so that the start
 * script decides when it stops (after the web app and the worker). Prints `READY <url>` once
 * it accepts connections; SIGINT or SIGTERM stops it (the exit hook in src/db/embeddedPostgres.ts).
 */
import { startEmbeddedPostgres } from '../db/embeddedPostgres';

async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: embeddedPostgres.ts <data-dir> <port>');
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), persistent: true });
  process.stdout.write(`READY ${pg.url}\n`);
}

main().catch((err) => {
  process.stderr.write(`[postgres] ${(err as Error).message}\n`);
  process.exit(1);
});
