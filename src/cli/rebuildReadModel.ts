/**
 * `npm run rebuild-read-model -- [KL-2026-000001 ...]`: rewrites the Postgres read model of the
 * given cases (all cases with a workflow when none are given) from their workflows. Needs
 * DATABASE_URL and TEMPORAL_ADDRESS (as printed by npm start), and a running worker.
 */
import { rebuildProjection } from '../cases/rebuildProjection';
import { temporalEncryption } from '../temporal/codec';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/db';
import { connectTemporal, temporalClient } from '../temporal/connection';

async function main(references: string[]): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL (and TEMPORAL_ADDRESS) to the ones npm start printed');
  const sql = connectDatabase(config.databaseUrl, 2);
  const connection = await connectTemporal(config.temporal.address);
  const client = temporalClient(connection, config.temporal.namespace, temporalEncryption(config).dataConverter);
  let failures = 0;
  try {
    const targets = references.length > 0 ? references
      : (await sql<{ reference: string }[]>`SELECT reference FROM cases WHERE workflow_started_at IS NOT NULL ORDER BY reference`)
        .map((r) => r.reference);
    for (const reference of targets) {
      try {
        const entries = await rebuildProjection({ sql, client }, reference);
        process.stdout.write(`${reference}: ${entries} timeline entries\n`);
      } catch (err) {
        failures += 1;
        process.stderr.write(`${reference}: ${(err as Error).message}\n`);
      }
    }
  } finally {
    await connection.close();
    await sql.end();
  }
  return failures === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
