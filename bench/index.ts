/**
 * `npm run bench`: speed over a realistic read model, measured here, never asserted in tests.
 * Seeds BENCH_CASES cases (default 1,000,000, five years up to now: bench/seed.ts) into a
 * throwaway embedded PostgreSQL, then times, as min / median / p95 over repeated runs:
 * - the analysis page for the current and the previous month, a quarter and a year, and the
 *   governance report of the month just ended, while cases are written between the runs, and cold
 *   (bench/analysis.ts);
 * - each filter of the admin case list (bench/caseList.ts);
 * - storing a case at intake, one at a time and ten at once (bench/intake.ts).
 * Prints the tables and writes them, with the date and the machine, to docs/benchmarks.md.
 *
 * BENCH_RUNS: timed runs per row (default 30 for the analysis, 15 for the case list).
 * BENCH_DATABASE_URL: use that database instead, a throwaway one: the bench migrates it, seeds it
 * while it has no cases, and writes cases to it between the runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { connectDatabase, type Sql } from '../src/db/db';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../src/db/embeddedPostgres';
import { migrate } from '../src/db/migrate';
import { benchAnalysis } from './analysis';
import { benchCaseList } from './caseList';
import { benchIntake } from './intake';
import { seed, YEARS } from './seed';
import { table } from './timing';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = process.env.BENCH_RUNS ? Number(process.env.BENCH_RUNS) : undefined;
const COLD_RUNS = 3;
const OUT = path.join(__dirname, '..', 'docs', 'benchmarks.md');

const say = (line = '') => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

async function main(): Promise<void> {
  if (!Number.isInteger(CASES) || CASES < 1 || CASES > 5_000_000) throw new Error('BENCH_CASES must be a whole number from 1 to 5,000,000');
  let pg: EmbeddedPostgresHandle | undefined;
  let dir: string | undefined;
  let url = process.env.BENCH_DATABASE_URL;
  if (!url) {
    dir = mkdtempSync(path.join(tmpdir(), 'klachtflow-bench-'));
    pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: 20000 + Math.floor(Math.random() * 20000), persistent: false });
    url = pg.url;
  }
  // As many connections as the web app (connectDatabase's default): the page's queries run side by side.
  const sql = connectDatabase(url);
  try {
    await migrate(sql);
    const started = Date.now();
    const [existing] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases`;
    let seeded = '';
    if (existing!.n === 0) {
      say(`Seeding ${CASES.toLocaleString('en')} cases over ${YEARS} years ...`);
      await seed(sql, CASES, new Date());
      await sql`VACUUM (ANALYZE) cases, satisfaction, improvement_actions, analysis_day_versions`;
      // A live system writes the cases of the last weeks again and again after each vacuum.
      await sql`UPDATE cases SET projected_seq = projected_seq + 1 WHERE received_at > now() - interval '42 days'`;
      seeded = seconds(started);
      say(`Seeded in ${seeded}`);
    }
    const facts = await describe(sql);
    say(facts.summary);
    say();

    const analysis = table('analysis (figures + trend)', 'cases in period', await benchAnalysis(sql, RUNS ?? 30, COLD_RUNS));
    say(analysis.text);
    say();
    const caseList = table('case list filter', 'matches', await benchCaseList(sql, RUNS ?? 15));
    say(caseList.text);
    say();
    const intake = table('intake: storing a case', 'at once', await benchIntake(sql, RUNS ?? 30));
    say(intake.text);
    say();

    writeFileSync(OUT, [
      '# Benchmarks',
      '',
      'Written by `npm run bench` (bench/index.ts); speed is measured there, never asserted in tests.',
      '',
      `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      `- Machine: ${os.availableParallelism()} cores (nproc), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.type()} ${os.release()}`,
      `- Database: ${facts.version}, default settings (shared_buffers ${facts.sharedBuffers}, work_mem ${facts.workMem})${pg ? ', embedded, on the same machine' : ''}`,
      `- Data: ${facts.summary}${seeded ? ` (seeded in ${seeded})` : ''}`,
      '',
      '## Analysis',
      '',
      'The analysis page: the figures of the period and the 12-month trend to the month in which it ends, side by',
      'side, as src/web/admin/analysis.ts runs them (pool of 10 connections, as the web app). The report: the figures',
      'of the month just ended and its trend, as the governance report workflow computes them (activities/reports.ts).',
      '',
      `Min, median and p95 over ${RUNS ?? 30} runs after 2 warm-up runs, one run at a time, as on a running system:`,
      'before each run (untimed) one new case comes in and three cases of the last eight weeks are written again, so',
      'those days are counted afresh and the other days come from the counts the process keeps',
      '(src/analysis/dayCounts.ts). Cold: the median of 3 runs with nothing kept, as the first view after a restart.',
      '',
      analysis.markdown,
      '',
      '## Case list',
      '',
      `Each filter of the admin case list: a page of 50 plus the count of matches (src/db/caseList.ts), over ${RUNS ?? 15} runs.`,
      '',
      caseList.markdown,
      '',
      '## Intake: storing a case',
      '',
      'The intake\'s own work before the workflow starts: the deadlines (the working-day calendar built for each',
      'intake as before, and shared per setting as now: src/db/settings.ts calendarFor), and the insert under the next',
      'reference (src/db/cases.ts insertCase: the counter is taken in a statement of its own, so concurrent intakes no',
      `longer wait for each other's inserts), one at a time and ten at once (each insert's own time, ${RUNS ?? 30} rounds).`,
      '',
      intake.markdown,
      '',
    ].join('\n'));
    say(`Written to ${path.relative(process.cwd(), OUT)}`);
  } finally {
    await sql.end();
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

async function describe(sql: Sql): Promise<{ summary: string; version: string; sharedBuffers: string; workMem: string }> {
  const [row] = await sql<{ cases: number; first: Date; last: Date; satisfaction: number; actions: number; size: string; version: string; sharedBuffers: string; workMem: string }[]>`
    SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT min(received_at) FROM cases) AS first,
      (SELECT max(received_at) FROM cases) AS last, (SELECT count(*)::int FROM satisfaction) AS satisfaction,
      (SELECT count(*)::int FROM improvement_actions) AS actions,
      pg_size_pretty(pg_total_relation_size('cases')) AS size, current_setting('server_version') AS version,
      current_setting('shared_buffers') AS "sharedBuffers", current_setting('work_mem') AS "workMem"`;
  const r = row!;
  const months = Math.max(1, (r.last.getTime() - r.first.getTime()) / (30.44 * 86_400_000));
  return {
    summary: `${r.cases.toLocaleString('en')} cases received ${r.first.toISOString().slice(0, 10)} to ${r.last.toISOString().slice(0, 10)} `
      + `(about ${Math.round(r.cases / months).toLocaleString('en')} a month; cases table with indexes ${r.size}), `
      + `${r.satisfaction.toLocaleString('en')} satisfaction answers, ${r.actions.toLocaleString('en')} improvement actions`,
    version: `PostgreSQL ${r.version}`,
    sharedBuffers: r.sharedBuffers,
    workMem: r.workMem,
  };
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
