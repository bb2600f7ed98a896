/**
 * Intake under load, against bare Temporal on the same server: 500 cases at 10 at once and 100
 * one at a time, by the intake API (POST /api/cases), by the public form (the page, then its
 * submission, as a browser does) and, as the baseline, by `workflow.start` of an empty workflow.
 * The three take turns within each round, so that a noisy moment of the machine touches all.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../src/db/db';
import { BARE_QUEUE, type BenchStack } from './stack';

const BARE_WORKFLOW = 'emptyWorkflow';

export type IntakeWay = 'bare' | 'api' | 'form';

export interface IntakeRound {
  way: IntakeWay;
  /** Cases per second at 10 at once (the form: page and submission each). */
  perSecond: number;
  /** Latency of the start / the API call / the form's submission at 10 at once, ms. */
  p50: number;
  p99: number;
  /** Latency one at a time, median, ms. */
  singleP50: number;
  /** CPU per case by process, ms, from the first request until the worker caught up. */
  cpuPerCase: Record<string, number>;
}

let client = 0;
/** Each request from another address, as customers are: the rate limits count per address. */
const address = () => { client += 1; return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`; };

const DESCRIPTION = 'Mijn factuur van oktober is twee keer afgeschreven en de klantenservice belt niet terug.';

async function viaApi(stack: BenchStack): Promise<number> {
  const started = process.hrtime.bigint();
  const res = await fetch(`${stack.webUrl}/api/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json', 'idempotency-key': randomUUID(), 'x-forwarded-for': address() },
    body: JSON.stringify({ caseType: 'complaint', name: 'Bench Klant', email: `klant.${randomUUID().slice(0, 8)}@example.nl`, category: 'billing', description: DESCRIPTION }),
  });
  const took = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 201) throw new Error(`API intake answered ${res.status}: ${await res.text()}`);
  return took;
}

async function viaForm(stack: BenchStack): Promise<number> {
  const from = address();
  const page = await fetch(`${stack.webUrl}/`, { headers: { 'x-forwarded-for': from } });
  const html = await page.text();
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const form = new FormData();
  for (const [k, v] of Object.entries({
    _csrf: hidden('_csrf'), submissionId: hidden('submissionId'), lang: 'nl', website: '', caseType: 'complaint', name: 'Bench Klant',
    email: `klant.${randomUUID().slice(0, 8)}@example.nl`, phone: '', customerNumber: '', category: 'billing', description: DESCRIPTION,
  })) form.append(k, v);
  form.append('attachments', new Blob([]), '');
  const started = process.hrtime.bigint();
  const res = await fetch(`${stack.webUrl}/`, { method: 'POST', body: form, headers: { cookie, 'x-forwarded-for': from }, redirect: 'manual' });
  const took = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status !== 303) throw new Error(`form intake answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
  return took;
}

async function viaBareStart(stack: BenchStack): Promise<number> {
  const started = process.hrtime.bigint();
  await stack.bareClient.workflow.start(BARE_WORKFLOW, { taskQueue: BARE_QUEUE, workflowId: `bare-${randomUUID()}` });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const WAYS: Record<IntakeWay, (stack: BenchStack) => Promise<number>> = { bare: viaBareStart, api: viaApi, form: viaForm };

async function loaded(one: () => Promise<number>, total: number, atOnce: number): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = Date.now();
  await Promise.all(Array.from({ length: atOnce }, async () => {
    while (next < total) {
      next += 1;
      latencies.push(await one());
    }
  }));
  return { perSecond: total / ((Date.now() - started) / 1000), latencies };
}

/**
 * Waits until the workers have caught up with what was just taken in, so that one way's backlog
 * does not weigh on the next: each case confirmed (its first steps ran), and each bare workflow
 * closed (its one workflow task ran; a start is answered before that, so without this wait bare's
 * workflow tasks ran in the next way's load).
 */
async function settled(stack: BenchStack, sql: Sql): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE status = 'received'`;
    const bare = await stack.bareClient.workflow.count(`WorkflowType = '${BARE_WORKFLOW}' AND ExecutionStatus = 'Running'`);
    if (row!.n === 0 && bare.count === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Cases per way before the first round: the processes' code compiled (JIT) and their pools open, as in a running service. */
const WARM_UP = 50;

export async function benchIntakeLoad(
  stack: BenchStack, sql: Sql, o: { rounds: number; total: number; atOnce: number; single: number },
  cpu: () => Record<string, number>, say: (line: string) => void,
): Promise<IntakeRound[][]> {
  const rounds: IntakeRound[][] = [];
  for (const way of ['bare', 'api', 'form'] as const) for (let i = 0; i < WARM_UP; i++) await WAYS[way](stack);
  await settled(stack, sql);
  for (let r = 0; r < o.rounds; r++) {
    const round: IntakeRound[] = [];
    for (const way of ['bare', 'api', 'form'] as const) {
      const run = () => WAYS[way](stack);
      const before = cpu();
      const load = await loaded(run, o.total, o.atOnce);
      await settled(stack, sql);
      const after = cpu();
      const cpuPerCase = Object.fromEntries(Object.keys(before).map((k) => [k, (after[k]! - before[k]!) / o.total]));
      const single: number[] = [];
      for (let i = 0; i < o.single; i++) single.push(await run());
      await settled(stack, sql);
      const result: IntakeRound = {
        way, perSecond: load.perSecond, p50: percentile(load.latencies, 0.5), p99: percentile(load.latencies, 0.99), singleP50: percentile(single, 0.5), cpuPerCase,
      };
      say(`  round ${r + 1}, ${way}: ${result.perSecond.toFixed(1)}/s, p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms at ${o.atOnce} at once; one at a time p50 ${result.singleP50.toFixed(1)} ms; `
        + `CPU ms per case: ${Object.entries(cpuPerCase).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
      round.push(result);
    }
    rounds.push(round);
  }
  return rounds;
}

/** Nearest-rank percentile of durations. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
