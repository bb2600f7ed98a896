import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sql } from './db';

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
/** Any constant: serialises concurrent migrators (web app and worker starting together). */
const LOCK_ID = 720_240_001;

/**
 * Applies the versioned migrations in src/db/migrations (NNN_name.sql) that have not run yet,
 * all in one transaction, and returns the names it applied.
 */
export async function migrate(sql: Sql): Promise<string[]> {
  const files = readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{3}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await sql.begin(async (tx) => {
    await tx`SELECT pg_advisory_xact_lock(${LOCK_ID})`;
    await tx`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`;
    const done = new Set((await tx<{ name: string }[]>`SELECT name FROM schema_migrations`).map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.unsafe(readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'));
      await tx`INSERT INTO schema_migrations (name) VALUES (${file})`;
      applied.push(file);
    }
  });
  return applied;
}
