/**
 * `npm run bench`: the whole picture in one run, measured here, never asserted in tests. Each
 * figure beside its baseline measured in the same run (this machine is noisy: read the ratios),
 * printed and written, with the date and the machine, to docs/benchmarks.md.
 *
 * The running system (bench/stack.ts: the dev server as `npm start` runs it, the worker and the
 * web app compiled by `npm run build` as production runs them, on a throwaway embedded PostgreSQL):
 * - intake by the API and by the form against bare `workflow.start`, 3 interleaved rounds
 *   (bench/intakeLoad.ts);
 * - history events and bytes per case path, and per staff action (bench/histories.ts);
 * - memory with BENCH_OPEN_CASES open cases (10,000), the worker's cache, and the lag of a
 *   milestone due for all of them in the same minute (bench/openCases.ts);
 * - the whole 34-working-day lifecycle on the time-skipping server (bench/lifecycle.ts).
 * The read model, seeded with 100,000 and with BENCH_CASES cases (1,000,000; bench/seed.ts):
 * - the analysis page and the report query, with cases written between the runs, and cold
 *   (bench/analysis.ts); each filter of the admin case list (bench/caseList.ts); storing a case
 *   (bench/intake.ts).
 *
 * BENCH_PARTS: a comma-separated choice of `intake`, `histories`, `open`, `lifecycle` (together:
 * `system`) and `reads`; all by default. Only a run of all parts writes docs/benchmarks.md. BENCH_RUNS: timed runs per read row (default
 * 30 for the analysis, 15 for the case list). BENCH_ROUNDS (3), BENCH_INTAKE (500 cases per way
 * and round).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { connectDatabase, type Sql } from '../src/db/db';
import { startEmbeddedPostgres } from '../src/db/embeddedPostgres';
import { migrate } from '../src/db/migrate';
import { benchAnalysis } from './analysis';
import { benchCaseList } from './caseList';
import { benchHistories } from './histories';
import { benchIntake } from './intake';
import { benchIntakeLoad, type IntakeRound } from './intakeLoad';
import { benchLifecycle } from './lifecycle';
import { benchOpenCases } from './openCases';
import { seed, YEARS } from './seed';
import { cpuMs, freePort, postgresCpuMs, residentMiB, startStack } from './stack';
import { roundsTable, table, type RoundFigure } from './timing';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const SMALL = 100_000;
const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const INTAKE = Number(process.env.BENCH_INTAKE ?? 500);
/** Requests one at a time per way and round: their median moves by milliseconds with a few dozen. */
const SINGLE = 100;
const RUNS = process.env.BENCH_RUNS ? Number(process.env.BENCH_RUNS) : undefined;
const SYSTEM_PARTS = ['intake', 'histories', 'open', 'lifecycle'];
const ALL_PARTS = [...SYSTEM_PARTS, 'reads'];
const PARTS = (process.env.BENCH_PARTS ?? 'system,reads').split(',').flatMap((p) => (p.trim() === 'system' ? SYSTEM_PARTS : [p.trim()]));
const COLD_RUNS = 3;
const OUT = path.join(__dirname, '..', 'docs', 'benchmarks.md');

const say = (line = '') => process.stdout.write(`${line}\n`);
/** This process: the clients of the load and the bare baseline's worker. */
const benchCpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;

async function main(): Promise<void> {
  const unknown = PARTS.filter((p) => !ALL_PARTS.includes(p));
  if (unknown.length > 0) throw new Error(`BENCH_PARTS: unknown part ${unknown.join(', ')}; choose from system, ${ALL_PARTS.join(', ')}`);
  if (!Number.isInteger(CASES) || CASES < SMALL || CASES > 5_000_000) throw new Error(`BENCH_CASES must be a whole number from ${SMALL} to 5,000,000`);
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const dir = mkdtempSync(path.join(tmpdir(), 'klachtflow-bench-'));
  chmodSync(dir, 0o755);
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort(), persistent: false });
  const pgPort = Number(new URL(pg.url).port);
  const admin = connectDatabase(pg.url, 1);
  const database = async (name: string) => {
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(pg.url);
    url.pathname = `/${name}`;
    // As many connections as the web app (connectDatabase's default): the page's queries run side by side.
    const sql = connectDatabase(url.toString());
    await migrate(sql);
    return { sql, url: url.toString() };
  };
  const sections: string[] = [];
  try {
    if (SYSTEM_PARTS.some((p) => PARTS.includes(p))) sections.push(...await system(await database('bench_system'), dir, pgPort));
    if (PARTS.includes('reads')) sections.push(...await reads(database));
    if (!ALL_PARTS.every((p) => PARTS.includes(p))) {
      say(`Only ${PARTS.join(', ')} measured: ${path.relative(process.cwd(), OUT)} is left as it was.`);
      return;
    }
    writeFileSync(OUT, [
      '# Benchmarks',
      '',
      'Written by `npm run bench` (bench/index.ts); speed is measured there, never asserted in tests.',
      '',
      `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      `- Code: ${measuredCode()}`,
      `- Machine: ${os.availableParallelism()} cores (nproc), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.type()} ${os.release()}`,
      `- Database: ${await version(admin)}, default settings, embedded, on the same machine`,
      '',
      ...sections,
    ].join('\n'));
    say(`Written to ${path.relative(process.cwd(), OUT)}`);
  } finally {
    await admin.end();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function version(sql: Sql): Promise<string> {
  const [row] = await sql<{ v: string }[]>`SELECT current_setting('server_version') AS v`;
  return `PostgreSQL ${row!.v}`;
}

/** The running system: intake, histories, open cases, the lifecycle. Returns the Markdown sections. */
async function system(db: { sql: Sql; url: string }, dir: string, pgPort: number): Promise<string[]> {
  const { sql } = db;
  say('Starting the system (dev server, worker, web app) ...');
  const stack = await startStack({ databaseUrl: db.url, dir });
  const out: string[] = [];
  try {
    const idle = { worker: residentMiB(stack.pids.worker), server: residentMiB(stack.pids.server) };
    const cpu = () => ({ web: cpuMs(stack.pids.web), worker: cpuMs(stack.pids.worker), server: cpuMs(stack.pids.server), postgres: postgresCpuMs(pgPort), bench: benchCpuMs() });

    let rounds: IntakeRound[][] = [];
    if (PARTS.includes('intake')) {
      say(`Intake: ${ROUNDS} rounds of ${INTAKE} cases at 10 at once and ${SINGLE} one at a time, per way ...`);
      rounds = await benchIntakeLoad(stack, sql, { rounds: ROUNDS, total: INTAKE, atOnce: 10, single: SINGLE }, cpu, say);
      const intake = roundsTable('intake', intakeFigures(rounds));
      say(intake.text);
      say();
      out.push(
        '## Intake against bare Temporal',
        '',
        `${ROUNDS} rounds; in each, the three ways take turns: ${INTAKE} cases at 10 at once, then ${SINGLE} one at a time. Bare: \`workflow.start\``,
        'of an empty workflow (bench/workflows/bare.ts, its own worker) on the same dev server. The worker and the web app',
        'run compiled (`npm run build`), as production runs them; each way takes 50 cases first, to warm up. API: `POST /api/cases`.',
        'Form: the page, then its multipart submission with its CSRF token, as a browser sends it (throughput counts both,',
        'the latency is the submission\'s). Every request comes from another address, as customers do. Between the loads',
        'the bench waits until the workers have caught up (each case confirmed, each bare workflow closed), and that work',
        'counts in the CPU per case. (Runs before 2026-11-26 did not wait for bare\'s workflow tasks: they ran in the API\'s',
        'load and bare\'s one-at-a-time starts, which lowered the API\'s throughput ratio and raised bare\'s latency.)',
        'Ratio: the figure over bare\'s in the same round. Goals: API throughput at least 0.5 of bare; one at a time,',
        'API p50 within bare + 25 ms.',
        '',
        intake.markdown,
        '',
      );
    }

    if (PARTS.includes('histories')) await section(out, 'Histories', async () => {
      say('Histories ...');
      const histories = await benchHistories(stack, sql, 60);
      const bare = histories.paths[0]!;
      const historyTable = roundsTable('history', [
        ...histories.paths.slice(1).flatMap((p) => [
          { name: `${p.path}: events`, unit: 'events', values: [p.events], baseline: [bare.events] },
          { name: `${p.path}: bytes`, unit: 'bytes', values: [p.bytes], baseline: [bare.bytes] },
        ]),
        { name: `bytes a note adds, notes 51-60 against 1-10 (${histories.perNote.noteChars} characters each)`, unit: 'bytes', values: [histories.perNote.last], baseline: [histories.perNote.first] },
      ]);
      say(historyTable.text);
      say();
      out.push(
        '## Histories',
        '',
        'Events and bytes (protobuf, as Temporal stores them; payloads encrypted) per case path, against the empty workflow.',
        'Staff Updates return only the status, so a staff action adds the same bytes whatever the timeline holds: the',
        'last row is the bytes a 2,000-character note adds at notes 51-60 over those at notes 1-10 (1.00: no growth).',
        '',
        historyTable.markdown,
        '',
      );
    });

    if (PARTS.includes('open')) await section(out, `${OPEN_CASES.toLocaleString('en')} open cases`, async () => {
      say(`Open cases: ${OPEN_CASES} ...`);
      // Started as fast as the intake measured above took cases (25/s when it did not run).
      const intakeApi = rounds.map((r) => r.find((w) => w.way === 'api')!.perSecond);
      const startsPerSecond = intakeApi.length > 0 ? Math.max(5, Math.min(...intakeApi)) : 25;
      const open = await benchOpenCases(stack, sql, { cases: OPEN_CASES, idle, startsPerSecond }, say);
      const openTable = roundsTable(`${OPEN_CASES.toLocaleString('en')} open cases`, [
        { name: 'worker memory (RSS), against idle', unit: 'MiB', values: [open.memory.worker.open], baseline: [open.memory.worker.idle] },
        { name: 'server memory (RSS), against idle', unit: 'MiB', values: [open.memory.server.open], baseline: [open.memory.server.idle] },
        { name: 'query of an evicted case, median, against a cached one', unit: 'ms', values: [open.query.evicted.median], baseline: [open.query.cached.median] },
        { name: 'query of an evicted case, p95, against a cached one', unit: 'ms', values: [open.query.evicted.p95], baseline: [open.query.cached.p95] },
        { name: 'status page of an evicted case, median, against a cached one', unit: 'ms', values: [open.page.evicted.median], baseline: [open.page.cached.median] },
        { name: 'status page of an evicted case, p95, against a cached one', unit: 'ms', values: [open.page.evicted.p95], baseline: [open.page.cached.p95] },
        { name: 'milestone lag p50 (due to task row in Postgres)', unit: 'ms', values: [open.lag.p50] },
        { name: 'milestone lag p99', unit: 'ms', values: [open.lag.p99] },
        { name: 'milestone lag max', unit: 'ms', values: [open.lag.max] },
        { name: 'milestone lag p50 to the workflow scheduling the task', unit: 'ms', values: [open.lag.scheduledP50] },
        { name: 'milestone lag p99 to the workflow scheduling the task', unit: 'ms', values: [open.lag.scheduledP99] },
      ]);
      say(openTable.text);
      say(`  reminder tasks: ${open.lag.tasks} of ${open.cases}; started after their reminder was due: ${open.lag.startedLate}; through their first steps after it: ${open.lag.firstStepsLate}`);
      say();
      out.push(
        `## ${OPEN_CASES.toLocaleString('en')} open cases: memory, cache, milestone lag`,
        '',
        `${OPEN_CASES.toLocaleString('en')} phone complaints stored and started as the intake does (${open.startsPerSecond.toFixed(1)} starts/s, 10 at once), each with`,
        'its substantive-response reminder due within the same minute, well after the last start (2.5 times the starts\' time',
        'plus three minutes, so that the worker is idle by then; the cache queries end before it). Memory: resident set of the',
        'worker process and of the Temporal dev server with every case open, against both when idle. Cache: a query to one',
        'of the 30 newest cases (in the worker\'s cache) against one of the 30 oldest (evicted when the cache holds fewer',
        'cases: replayed first). The status page of the same cases, opened as their customers do: it reads the read model,',
        'not the workflow, so an evicted case\'s page should cost what a cached one\'s does. Lag: from each reminder\'s due time to its task row in Postgres, as the bench sees it',
        'polling every 200 ms, and to the moment the workflow scheduled the task\'s activity (the row\'s created_at)',
        `(${open.lag.tasks} of ${open.cases} tasks; ${open.lag.startedLate} cases started, and ${open.lag.firstStepsLate} through their first steps, after their reminder was due).`,
        '',
        openTable.markdown,
        '',
      );
    });
  } finally {
    await stack.stop();
  }

  if (PARTS.includes('lifecycle')) await section(out, 'The whole lifecycle on the time-skipping server', async () => {
    say(`Lifecycle on the time-skipping server: ${ROUNDS} rounds ...`);
    const life = await benchLifecycle(sql, ROUNDS);
    const lifeTable = roundsTable('34-working-day lifecycle', [
      { name: 'wall time, against the same timers bare', unit: 'ms', values: life.map((l) => l.caseMs), baseline: life.map((l) => l.bareMs) },
      { name: 'history events', unit: 'events', values: life.map((l) => l.events) },
    ]);
    say(lifeTable.text);
    say();
    out.push(
      '## The whole lifecycle on the time-skipping server',
      '',
      'A complaint received, confirmed, reminded, breached at working day 5, warned at 25 and 30, breached at 34, then',
      'resolved and closed after its objection window: the real workflow and activities on the Java test server. Baseline: a',
      'bare workflow waiting on the same timers.',
      '',
      lifeTable.markdown,
      '',
    );
  });
  return out;
}

/** Runs one part of the bench; a part that fails is named in the output with why, and the rest still runs. */
async function section(out: string[], title: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    say(`${title}: not measured: ${(err as Error).stack}`);
    out.push(`## ${title}`, '', `Not measured in this run: ${(err as Error).message.split('\n')[0]}`, '');
  }
}

function intakeFigures(rounds: IntakeRound[][]): RoundFigure[] {
  const of = (way: string, pick: (r: IntakeRound) => number) => rounds.map((round) => pick(round.find((r) => r.way === way)!));
  const figures: RoundFigure[] = [];
  for (const way of ['api', 'form'] as const) {
    const label = way === 'api' ? 'API' : 'form';
    figures.push(
      { name: `${label}: cases per second, 10 at once`, unit: '/s', values: of(way, (r) => r.perSecond), baseline: of('bare', (r) => r.perSecond) },
      { name: `${label}: p50 at 10 at once`, unit: 'ms', values: of(way, (r) => r.p50), baseline: of('bare', (r) => r.p50) },
      { name: `${label}: p99 at 10 at once`, unit: 'ms', values: of(way, (r) => r.p99), baseline: of('bare', (r) => r.p99) },
      { name: `${label}: p50 one at a time`, unit: 'ms', values: of(way, (r) => r.singleP50), baseline: of('bare', (r) => r.singleP50) },
      { name: `${label}: p50 one at a time, minus bare's (goal for the API: 25 ms at most)`, unit: 'ms', values: rounds.map((round) => round.find((r) => r.way === way)!.singleP50 - round.find((r) => r.way === 'bare')!.singleP50) },
    );
  }
  figures.push(
    { name: 'bare: starts per second, 10 at once', unit: '/s', values: of('bare', (r) => r.perSecond) },
    { name: 'bare: p50 at 10 at once', unit: 'ms', values: of('bare', (r) => r.p50) },
    { name: 'bare: p99 at 10 at once', unit: 'ms', values: of('bare', (r) => r.p99) },
    { name: 'bare: p50 one at a time', unit: 'ms', values: of('bare', (r) => r.singleP50) },
  );
  for (const proc of ['web', 'worker', 'server', 'postgres', 'bench']) {
    figures.push({ name: `CPU per case, ${proc} (API), against all of bare's`, unit: 'ms', values: of('api', (r) => r.cpuPerCase[proc]!), baseline: of('bare', (r) => Object.values(r.cpuPerCase).reduce((a, b) => a + b, 0)) });
  }
  return figures;
}

/** The read model at 100,000 and at BENCH_CASES cases: analysis, case list, storing a case. */
async function reads(database: (name: string) => Promise<{ sql: Sql; url: string }>): Promise<string[]> {
  const out: string[] = [];
  for (const size of [SMALL, CASES]) {
    const { sql } = await database(`bench_${size}`);
    try {
      const started = Date.now();
      say(`Seeding ${size.toLocaleString('en')} cases over ${YEARS} years ...`);
      await seed(sql, size, new Date());
      await sql`VACUUM (ANALYZE) cases, satisfaction, improvement_actions, analysis_day_versions`;
      // A live system writes the cases of the last weeks again and again after each vacuum.
      await sql`UPDATE cases SET projected_seq = projected_seq + 1 WHERE received_at > now() - interval '42 days'`;
      const seeded = seconds(started);
      const facts = await describe(sql);
      say(`${facts.summary} (seeded in ${seeded})`);
      out.push(
        `## Read model at ${size.toLocaleString('en')} cases`,
        '',
        `Data: ${facts.summary} (seeded in ${seeded}; shared_buffers ${facts.sharedBuffers}, work_mem ${facts.workMem}).`,
        '',
      );
      const analysis = table('analysis (figures + trend)', 'cases in period', await benchAnalysis(sql, RUNS ?? 30, COLD_RUNS));
      say(analysis.text);
      out.push(
        '### Analysis',
        '',
        'The analysis page: the figures of the period and the 12-month trend to the month in which it ends, side by',
        'side, as src/web/admin/analysis.ts runs them (pool of 10 connections, as the web app). The report: the figures',
        'of the month just ended and its trend, as the governance report workflow computes them (activities/reports.ts).',
        `Min, median and p95 over ${RUNS ?? 30} runs after 2 warm-up runs, one run at a time, as on a running system:`,
        'before each run (untimed) one new case comes in and three cases of the last eight weeks are written again, so',
        'those days are counted afresh and the other days come from the counts the process keeps',
        '(src/analysis/dayCounts.ts). Cold: the median of 3 runs with nothing kept, as the first view after a restart.',
        '',
        analysis.markdown,
        '',
      );
      const caseList = table('case list filter', 'matches', await benchCaseList(sql, RUNS ?? 15));
      say(caseList.text);
      out.push(
        '### Case list',
        '',
        `Each filter of the admin case list: a page of 50 and the count of matches as the page counts them (up to 500;`,
        `"500+" is more), and the case page's other cases of the customer (src/db/caseList.ts), over ${RUNS ?? 15} runs.`,
        '',
        caseList.markdown,
        '',
      );
      const intake = table('intake: storing a case', 'at once', await benchIntake(sql, RUNS ?? 30));
      say(intake.text);
      say();
      out.push(
        '### Intake: storing a case',
        '',
        'The intake\'s own work before the workflow starts: the deadlines (the working-day calendar built for each',
        'intake as before, and shared per setting as now: src/db/settings.ts calendarFor), and the insert under the next',
        'reference (src/db/cases.ts insertCase), one at a time and ten at once (each insert\'s own time).',
        '',
        intake.markdown,
        '',
      );
    } catch (err) {
      say(`Read model at ${size}: not measured: ${(err as Error).stack}`);
      out.push(`Not measured further in this run: ${(err as Error).message.split('\n')[0]}`, '');
    } finally {
      await sql.end();
    }
  }
  return out;
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

/** The commit the run measured, and whether the working tree differed from it. */
function measuredCode(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: path.resolve(__dirname, '..'), encoding: 'utf8' }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? ' with uncommitted changes' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
