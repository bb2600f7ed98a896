/**
 * `npm run bench`: the case list of the admin area over 100,000 cases. Seeds a throwaway
 * embedded PostgreSQL, then times each filter of the list (median of repeated runs) and prints a
 * table. Speed is measured here, never asserted in tests.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WorkingDayCalendar } from '../src/calendar/workingDays';
import { listCases, type CaseListFilter } from '../src/db/caseList';
import { connectDatabase } from '../src/db/db';
import { startEmbeddedPostgres } from '../src/db/embeddedPostgres';
import { migrate } from '../src/db/migrate';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const RUNS = 7;

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'klachtflow-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: 20000 + Math.floor(Math.random() * 20000), persistent: false });
  const sql = connectDatabase(pg.url, 2);
  try {
    await migrate(sql);
    const seedStart = Date.now();
    // Realistic spread: two years of cases, a tenth feedback, a fifth by phone, statuses and handlers mixed.
    await sql.unsafe(`
      INSERT INTO cases (reference, case_type, channel, language, status, name, email, category, description, received_at,
        calendar_version, deadlines, handler, next_deadline, breaches)
      SELECT
        CASE WHEN i % 10 = 0 THEN 'FB' ELSE 'KL' END || '-' || (2025 + i % 2) || '-' || lpad(i::text, 6, '0'),
        CASE WHEN i % 10 = 0 THEN 'feedback' ELSE 'complaint' END,
        CASE WHEN i % 5 = 0 THEN 'phone' ELSE 'web' END,
        CASE WHEN i % 7 = 0 THEN 'en' ELSE 'nl' END,
        (ARRAY['received','in-progress','awaiting-customer','responded','resolved','objected','closed','closed','closed','closed'])[1 + i % 10],
        'Klant ' || i || ' ' || (ARRAY['de Vries','Jansen','Bakker','Visser','Smit','Meijer','de Boer','Mulder'])[1 + i % 8],
        'klant' || i || '@example.nl',
        (ARRAY['product','malfunction','delivery','billing','service','other'])[1 + i % 6],
        'Omschrijving van melding ' || i,
        now() - (i || ' minutes')::interval * 10,
        'nl-atw-1/bench', '{}'::jsonb,
        'behandelaar' || (i % 25) || '@ccv.test',
        CASE WHEN i % 10 < 6 THEN now() + ((i % 40) - 10 || ' days')::interval END,
        CASE WHEN i % 13 = 0 THEN ARRAY['substantive-response-overdue'] ELSE '{}' END
      FROM generate_series(1, ${CASES}) AS i`);
    await sql`ANALYZE cases`;
    process.stdout.write(`Seeded ${CASES} cases in ${((Date.now() - seedStart) / 1000).toFixed(1)} s\n\n`);

    const dueBefore = new WorkingDayCalendar().addWorkingDays(new Date(), 5).deadline;
    const cases: [string, CaseListFilter, number][] = [
      ['all, first page', {}, 1],
      ['all, page 100', {}, 100],
      ['status = in-progress', { status: 'in-progress' }, 1],
      ['type + channel + category', { caseType: 'complaint', channel: 'phone', category: 'billing' }, 1],
      ['handler', { handler: 'behandelaar7@ccv.test' }, 1],
      ['due within 5 working days', { dueBefore }, 1],
      ['overdue', { overdue: true }, 1],
      ['breached', { breached: true }, 1],
      ['objected', { objected: true }, 1],
      ['search: reference prefix', { q: 'KL-2026-0123' }, 1],
      ['search: name fragment', { q: 'Visser' }, 1],
      ['search: email', { q: 'klant54321@example.nl' }, 1],
    ];
    process.stdout.write(`${'filter'.padEnd(30)} ${'matches'.padStart(8)} ${'median ms'.padStart(10)} ${'max ms'.padStart(8)}\n`);
    for (const [name, filter, page] of cases) {
      const times: number[] = [];
      let total = 0;
      for (let run = 0; run < RUNS; run++) {
        const start = process.hrtime.bigint();
        total = (await listCases(sql, filter, page)).total;
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      times.sort((a, b) => a - b);
      process.stdout.write(`${name.padEnd(30)} ${String(total).padStart(8)} ${times[Math.floor(RUNS / 2)]!.toFixed(1).padStart(10)} ${times.at(-1)!.toFixed(1).padStart(8)}\n`);
    }
  } finally {
    await sql.end();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
