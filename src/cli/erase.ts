/**
 * `npm run erase -- KL-2026-000042 --reason "verzoek van de klant van 3 maart" [--by beheer@example.nl]`:
 * erases one case on request (AVG art. 17) as the admin case page does (src/retention/erase.ts):
 * an open case's workflow closed first, the case anonymised in every table, its workflow history
 * deleted from Temporal, the erasure audited (who: --by, else the shell user; when; why).
 * Needs DATABASE_URL and TEMPORAL_ADDRESS (as printed by npm start). Exit 2 on bad input.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { connectDatabase } from '../db/db';
import { isReference } from '../domain/reference';
import { eraseCase, ErasureRefused } from '../retention/erase';
import { temporalEncryption } from '../temporal/codec';
import { connectTemporal, temporalClient } from '../temporal/connection';

const USAGE = 'npm run erase -- <reference> --reason "<why>" [--by <email>]';

async function main(argv: string[]): Promise<number> {
  let reference: string;
  let reason: string;
  let by: string;
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true,
      options: { reason: { type: 'string' }, by: { type: 'string' } } });
    if (positionals.length !== 1 || !isReference(positionals[0]!)) throw new Error('Geef één zaaknummer, zoals KL-2026-000042.');
    if (!values.reason) throw new Error('Geef de reden met --reason.');
    reference = positionals[0]!;
    reason = values.reason;
    by = values.by ?? `shell:${userInfo().username}`;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('Set DATABASE_URL (and TEMPORAL_ADDRESS) to the ones npm start printed');
  const sql = connectDatabase(config.databaseUrl, 2);
  const connection = await connectTemporal(config.temporal.address);
  try {
    const client = temporalClient(connection, config.temporal.namespace, temporalEncryption(config).dataConverter);
    const result = await eraseCase({ sql, client }, { reference, reason, by: { email: by } });
    process.stdout.write(`${reference}: gewist (workflow: ${result.workflow}; ${result.historiesDeleted} workflowgeschiedenis(sen) verwijderd)\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof ErasureRefused)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  } finally {
    await connection.close();
    await sql.end();
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
