/**
 * `npm run setup`: provisions everything the project needs outside node_modules, ahead of time
 * (npm start and npm test do the same on their own when it has not been done): the Temporal dev
 * server and the time-skipping test server, built from package registries into the cache folder.
 */
import { cacheDir, progress, resolveTemporalCli, resolveTestServer } from '../infra/binaries';

async function main(): Promise<void> {
  progress(`Cache folder: ${cacheDir()} (set KLACHTFLOW_CACHE_DIR to move it)`);
  const cli = await resolveTemporalCli();
  progress(`Temporal dev server: ${cli.type === 'existing-path' ? cli.path : 'SDK download at first use'}`);
  const testServer = await resolveTestServer();
  progress(`Time-skipping test server: ${testServer.type === 'existing-path' ? testServer.path : 'SDK download at first use'}`);
}

main().catch((err) => {
  progress(`Setup failed: ${(err as Error).message}`);
  process.exit(1);
});
