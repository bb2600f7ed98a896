/** Timing for the bench: repeated runs of one operation, in milliseconds. */

export interface Timing {
  runs: number;
  min: number;
  median: number;
  /** The 95th percentile, nearest rank: the run that 95% of the runs are not slower than. */
  p95: number;
  max: number;
}

/**
 * Runs `fn` `warmup` times untimed, then `runs` times timed, one after the other; `before`, when
 * given, runs untimed before each timed run.
 */
export async function time(fn: () => Promise<unknown>, runs: number, warmup = 1, before?: () => unknown): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return timingOf(times);
}

/** The timing of measured durations (ms), taken elsewhere (operations run side by side, say). */
export function timingOf(durations: readonly number[]): Timing {
  const times = [...durations].sort((a, b) => a - b);
  const rank = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!;
  return { runs: times.length, min: times[0]!, median: rank(0.5), p95: rank(0.95), max: times.at(-1)! };
}

/**
 * A table with the timings of named operations (an extra text column before them; with `cold`,
 * the median of the cold runs after them), as text and as Markdown.
 */
export function table(
  title: string,
  extra: string,
  rows: { name: string; extra: string; timing: Timing; cold?: Timing }[],
): { text: string; markdown: string } {
  const ms = (x: number) => x.toFixed(1);
  const withCold = rows.some((r) => r.cold);
  const head = [title, extra, 'min ms', 'median ms', 'p95 ms', ...(withCold ? ['cold median ms'] : [])];
  const body = rows.map((r) => [r.name, r.extra, ms(r.timing.min), ms(r.timing.median), ms(r.timing.p95), ...(withCold ? [r.cold ? ms(r.cold.median) : ''] : [])]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const text = [line(head), '-'.repeat(line(head).length), ...body.map(line)].join('\n');
  const markdown = [`| ${head.join(' | ')} |`, `|---|${head.slice(1).map(() => '---:').join('|')}|`, ...body.map((b) => `| ${b.join(' | ')} |`)].join('\n');
  return { text, markdown };
}

/** A figure measured once per round, with its baseline measured in the same round. */
export interface RoundFigure {
  name: string;
  unit: string;
  values: number[];
  /** The baseline of each round; omit for a figure shown without a ratio. */
  baseline?: number[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Figures of interleaved rounds: min / median / max of the value and of its ratio to the baseline
 * of the same round (this machine is noisy: the ratio is the figure to read).
 */
export function roundsTable(title: string, figures: RoundFigure[]): { text: string; markdown: string } {
  const n = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));
  const r = (x: number) => x.toFixed(2);
  const head = [title, 'unit', 'min', 'median', 'max', 'ratio min', 'ratio median', 'ratio max'];
  const body = figures.map((f) => {
    const ratios = f.baseline ? f.values.map((v, i) => v / f.baseline![i]!) : [];
    return [f.name, f.unit, n(Math.min(...f.values)), n(median(f.values)), n(Math.max(...f.values)),
      ...(ratios.length ? [r(Math.min(...ratios)), r(median(ratios)), r(Math.max(...ratios))] : ['', '', ''])];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return {
    text: [line(head), '-'.repeat(line(head).length), ...body.map(line)].join('\n'),
    markdown: [`| ${head.join(' | ')} |`, `|---|---|${head.slice(2).map(() => '---:').join('|')}|`, ...body.map((b) => `| ${b.join(' | ')} |`)].join('\n'),
  };
}

export { median };
