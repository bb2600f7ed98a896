/**
 * The counts of the analysis per day of receipt, kept in this process between requests.
 *
 * The analysis page counts the same cases again and again: its 12-month trend reads a year of
 * cases, and most of them have not changed since the page was last shown. So the counts are
 * taken per Amsterdam day of receipt and per type, category and channel (a figure's filters pick
 * the groups and its period the days; their sum is the count that the figure's own SQL gives),
 * with the conditions of the case list (src/analysis/caseFilter.ts), and each day's counts are
 * kept until they could differ:
 *
 * - the day's cases changed: every statement that writes cases counts, in its own transaction, a
 *   change for each day of receipt it touched (`analysis_day_versions`, migration 015). A day's
 *   counts and its number of changes are read in one snapshot, so counts kept at n changes are
 *   those of every snapshot that shows n;
 * - time moved on: a condition that compares an instant of the case with the measuring moment
 *   asOf (a deadline passed, answered by then) gives the same answer while asOf stays between the
 *   same two of those instants (`asOfInstants`), which the query returns with the counts;
 * - for a cell that reads other cases (the repeat complainant: another complaint in the 12 months
 *   before), the cases of those days changed in what it reads (their type, address, customer
 *   number or receipt: `identity_changes`).
 *
 * A cell must read only columns of cases: one that reads another table (improvement actions) is
 * refused. (Satisfaction answers are on the case row too, migration 016.)
 */
import postgres from 'postgres';
import { addDaysToDate } from '../calendar/workingDays';
import type { Sql } from '../db/db';
import type { CaseType, Channel } from '../domain/case';
import {
  CONDITION_COLUMNS,
  MILESTONE_KEYS,
  asOfInstants,
  conditionList,
  isTimeDependent,
  milestoneState,
  stateColumn,
  type AnalysisCaseFilter,
} from './caseFilter';
import { startOfAmsterdamDay, type AnalysisFilters } from './period';

type Fragment = postgres.Fragment;

/** Cells counted together, and what their counts depend on besides the day's own cases. */
export interface CellSet {
  /** Names the set in the cache: one name, one list of cells. */
  name: string;
  /** The filters to count (no period, no asOf: the day and the measuring moment are added). */
  cells: readonly AnalysisCaseFilter[];
  /** How many days before a case's own day the cells read other cases (0: the case alone). */
  lookBackDays: number;
  /** A column of cases to count apart by its value as well (a root cause, a number of working days). */
  groupBy?: 'root_cause' | 'working_days_to_response' | 'working_days_to_resolution';
}

/**
 * The counts of one day: a row per group of cases (one type, category and channel, and value of
 * the set's groupBy column), a count per cell of the set.
 */
export interface DayCounts {
  caseType: CaseType[];
  category: string[];
  channel: Channel[];
  /** The value of the set's groupBy column (null without one). */
  value: (string | number | null)[];
  /** Row after row: counts[group * cells + cell]. */
  counts: Int32Array;
}

interface Entry {
  /** The changes (or, with lookBackDays, identity changes over the days read) the counts were taken at. */
  signature: number;
  /** asOf from (inclusive) and until (exclusive), in microseconds since the epoch. */
  from: number;
  until: number;
  day: DayCounts;
}

/** Keys that select cases by what another table holds: never in a cell set. */
const OTHER_TABLES: readonly (keyof AnalysisCaseFilter)[] = ['improvementActions'];
/** Days kept per database, over all cell sets: five years of each of a few sets. */
const MAX_ENTRIES = 10_000;
/** Days per query when many days must be counted: the queries run side by side. */
const DAYS_PER_QUERY = 31;

interface Cache {
  entries: Map<string, Entry>;
  pending: Map<string, Promise<Entry>>;
  /** Days counted in the database so far, per cell set (the others came from the entries). */
  counted: Map<string, number>;
}

const caches = new WeakMap<Sql, Cache>();

function cacheOf(sql: Sql): Cache {
  let cache = caches.get(sql);
  if (!cache) caches.set(sql, (cache = { entries: new Map(), pending: new Map(), counted: new Map() }));
  return cache;
}

/** How many days of each cell set this connection has counted in the database (for tests). */
export function daysCounted(sql: Sql): Record<string, number> {
  return Object.fromEntries(cacheOf(sql).counted);
}

/** Forgets every kept count of this database connection (a restart; for tests and the bench). */
export function clearDayCounts(sql: Sql): void {
  caches.delete(sql);
}

export function defineCellSet(set: CellSet): CellSet {
  for (const cell of set.cells) {
    for (const key of ['receivedFrom', 'receivedTo', 'asOf', ...OTHER_TABLES] as const) {
      if (cell[key] !== undefined) throw new Error(`cell set ${set.name}: a cell may not use ${key}`);
    }
    if (cell.repeat && set.lookBackDays < 367) throw new Error(`cell set ${set.name}: the repeat condition reads 12 months back`);
  }
  return set;
}

/** The dates from `from` to `to` inclusive (yyyy-MM-dd). */
export function datesBetween(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let date = from; date <= to; date = addDaysToDate(date, 1)) dates.push(date);
  return dates;
}

/**
 * The counts of `set` for each day from `from` to `to` (Amsterdam dates, inclusive), judged at
 * `asOf`, in date order. Kept counts are used where they still hold; the other days are counted,
 * side by side in runs of up to a month.
 */
export async function countsByDay(sql: Sql, set: CellSet, from: string, to: string, asOf: Date): Promise<DayCounts[]> {
  const cache = cacheOf(sql);
  const days = datesBetween(from, to);
  const at = asOf.getTime() * 1000;
  const signatures = signaturesOf(set, days, await readVersions(sql, addDaysToDate(from, -set.lookBackDays), to));
  const key = (day: string) => `${set.name}|${day}`;
  const found = new Map<string, DayCounts | { entry: Promise<Entry>; own: boolean }>();
  const missing: string[] = [];
  for (const [i, day] of days.entries()) {
    const entry = cache.entries.get(key(day));
    if (entry && entry.signature === signatures[i] && entry.from <= at && at < entry.until) {
      // Most recently used last: the first entry is the one to evict.
      cache.entries.delete(key(day));
      cache.entries.set(key(day), entry);
      found.set(day, entry.day);
      continue;
    }
    const pending = cache.pending.get(`${key(day)}|${at}`);
    if (pending) found.set(day, { entry: pending, own: false });
    else missing.push(day);
  }
  cache.counted.set(set.name, (cache.counted.get(set.name) ?? 0) + missing.length);
  for (const chunk of chunks(missing)) {
    const counted = countDays(sql, set, chunk, asOf);
    for (const day of chunk) {
      const pendingKey = `${key(day)}|${at}`;
      const entry = counted.then((entries) => entries.get(day)!);
      cache.pending.set(pendingKey, entry);
      found.set(day, { entry, own: true });
      entry.then((e) => {
        cache.entries.delete(key(day));
        cache.entries.set(key(day), e);
        if (cache.entries.size > MAX_ENTRIES) cache.entries.delete(cache.entries.keys().next().value!);
      }, () => undefined).finally(() => cache.pending.delete(pendingKey));
    }
  }
  return Promise.all(days.map(async (day, i) => {
    const value = found.get(day)!;
    if (!('entry' in value)) return value;
    const entry = await value.entry;
    // Counted for another request at the same moment, which may have seen other changes: only if it saw these.
    if (value.own || entry.signature === signatures[i]) return entry.day;
    return (await countDays(sql, set, [day], asOf)).get(day)!.day;
  }));
}

/** Whether the analysis filters select group `g` of a day. */
export function selects(filters: AnalysisFilters, day: DayCounts, g: number): boolean {
  return (filters.caseType === undefined || filters.caseType === day.caseType[g])
    && (filters.category === undefined || filters.category === day.category[g])
    && (filters.channel === undefined || filters.channel === day.channel[g]);
}

/** The count of one cell on one day, over the groups that `filters` select. */
export function dayCount(set: CellSet, day: DayCounts, cell: number, filters: AnalysisFilters): number {
  const width = set.cells.length;
  let n = 0;
  for (let g = 0; g < day.caseType.length; g++) if (selects(filters, day, g)) n += day.counts[g * width + cell]!;
  return n;
}

/** The counts of every cell over `days` and over the groups that `filters` select. */
export function sumCounts(set: CellSet, days: readonly DayCounts[], filters: AnalysisFilters): number[] {
  const width = set.cells.length;
  const sums = new Array<number>(width).fill(0);
  for (const day of days) {
    for (let g = 0; g < day.caseType.length; g++) {
      if (!selects(filters, day, g)) continue;
      for (let i = 0; i < width; i++) sums[i]! += day.counts[g * width + i]!;
    }
  }
  return sums;
}

/**
 * The count of one cell over `days` and the groups that `filters` select, by the value of the
 * set's groupBy column (in no particular order; values counting 0 left out).
 */
export function countsByValue(set: CellSet, cell: number, days: readonly DayCounts[], filters: AnalysisFilters): Map<string | number | null, number> {
  if (!set.groupBy) throw new Error(`cell set ${set.name} counts no values apart`);
  const width = set.cells.length;
  const out = new Map<string | number | null, number>();
  for (const day of days) {
    for (let g = 0; g < day.caseType.length; g++) {
      const n = day.counts[g * width + cell]!;
      if (n > 0 && selects(filters, day, g)) out.set(day.value[g]!, (out.get(day.value[g]!) ?? 0) + n);
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------------

type Versions = Map<string, { changes: number; identity: number }>;

async function readVersions(sql: Sql, from: string, to: string): Promise<Versions> {
  const rows = await sql<{ day: string; changes: number; identity: number }[]>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, changes::float8 AS changes, identity_changes::float8 AS identity
    FROM analysis_day_versions WHERE day BETWEEN ${from}::date AND ${to}::date`;
  return new Map(rows.map((r) => [r.day, { changes: r.changes, identity: r.identity }]));
}

/**
 * Per day, what its counts depend on: the number of changes to its cases; with lookBackDays, the
 * identity changes to the cases of that many days before it and of the day itself (a sum of
 * counters that only grow: equal sums, equal counters).
 */
function signaturesOf(set: CellSet, days: string[], versions: Versions): number[] {
  if (set.lookBackDays === 0) return days.map((day) => versions.get(day)?.changes ?? 0);
  if (days.length === 0) return [];
  const all = datesBetween(addDaysToDate(days[0]!, -set.lookBackDays), days.at(-1)!);
  const prefix = [0];
  for (const day of all) prefix.push(prefix.at(-1)! + (versions.get(day)?.identity ?? 0));
  // days[i] is all[i + lookBackDays], so its window is all[i .. i + lookBackDays].
  return days.map((_, i) => prefix[i + set.lookBackDays + 1]! - prefix[i]!);
}

function* chunks(days: string[]): Generator<string[]> {
  for (let i = 0; i < days.length; i += DAYS_PER_QUERY) yield days.slice(i, i + DAYS_PER_QUERY);
}

function join(sql: Sql, parts: Fragment[], separator: ', ' | ' AND '): Fragment {
  return parts.reduce((acc, part) => (separator === ', ' ? sql`${acc}, ${part}` : sql`${acc} AND ${part}`));
}

/** One copy of each short string the counts name (types, categories, channels, root causes). */
const interned = new Map<string, string>();
function intern<T extends string | number | null>(value: T): T {
  if (typeof value !== 'string') return value;
  let kept = interned.get(value);
  if (kept === undefined && interned.size < 10_000) interned.set(value, (kept = value));
  return (kept ?? value) as T;
}

/**
 * Counts the cells of `set` for `days` (dates in order) at asOf, in one snapshot with the number
 * of changes of each day: the entries to keep.
 */
async function countDays(sql: Sql, set: CellSet, days: string[], asOf: Date): Promise<Map<string, Entry>> {
  const at = asOf.toISOString();
  // Consecutive days as ranges of receipt; a bucket per day from the first to the last.
  const ranges: { start: Date; end: Date }[] = [];
  for (const day of days) {
    const start = startOfAmsterdamDay(day);
    const end = startOfAmsterdamDay(addDaysToDate(day, 1));
    if (ranges.length > 0 && ranges.at(-1)!.end.getTime() === start.getTime()) ranges.at(-1)!.end = end;
    else ranges.push({ start, end });
  }
  const spanned = datesBetween(days[0]!, days.at(-1)!);
  // Arrays of Dates go as timestamptz[] (an array of strings would go as text[], cast again for every row).
  const bounds = [...spanned, addDaysToDate(spanned.at(-1)!, 1)].map(startOfAmsterdamDay);

  const counts = set.cells.map((cell) => {
    const conditions = conditionList(sql, { ...cell, asOf: at }, { states: true });
    return sql`count(*) FILTER (WHERE ${conditions.length === 0 ? sql`true` : join(sql, conditions, ' AND ')})`;
  });
  // A case's state against each promise the cells ask about, computed once in the subquery
  // (OFFSET 0 keeps it from being merged into the counts, which would compute it in each).
  const used = MILESTONE_KEYS.filter((key) => set.cells.some((c) => c[key] !== undefined && c[key] !== 'given'));
  const states = used.length === 0 ? sql``
    : sql`, ${join(sql, used.map((key) => sql`${milestoneState(sql, key, asOf)} AS ${sql(stateColumn(key))}`), ', ')}`;
  // The instants nearest to asOf on either side: the counts hold from the one up to the other.
  const interval = set.cells.some(isTimeDependent) ? sql`,
    (extract(epoch FROM max(greatest(${join(sql, asOfInstants(sql).map((t) => sql`CASE WHEN ${t} <= ${asOf} THEN ${t} END`), ', ')}))) * 1000000)::float8 AS "from",
    (extract(epoch FROM min(least(${join(sql, asOfInstants(sql).map((t) => sql`CASE WHEN ${t} > ${asOf} THEN ${t} END`), ', ')}))) * 1000000)::float8 AS until`
    : sql``;
  const columns = [...new Set<string>([...CONDITION_COLUMNS, ...(set.groupBy ? [set.groupBy] : [])])];

  type Row = {
    bucket: number; caseType: CaseType; category: string; channel: Channel; value: string | number | null;
    counts: number[]; from?: number | null; until?: number | null;
  };
  const [versions, rows] = await sql.begin('isolation level repeatable read read only', async (tx) => [
    await readVersions(tx as unknown as Sql, addDaysToDate(days[0]!, -set.lookBackDays), days.at(-1)!),
    await tx<Row[]>`
      SELECT width_bucket(cases.received_at, ${sql.array(bounds)}::timestamptz[]) AS bucket,
        case_type AS "caseType", category, channel, ${set.groupBy ? sql`${sql(set.groupBy)}` : sql`NULL`} AS value,
        ARRAY[${join(sql, counts, ', ')}]::int[] AS counts ${interval}
      FROM unnest(${sql.array(ranges.map((r) => r.start))}::timestamptz[], ${sql.array(ranges.map((r) => r.end))}::timestamptz[]) AS r (s, e)
      CROSS JOIN LATERAL (
        SELECT ${sql(columns)} ${states} FROM cases WHERE received_at >= r.s AND received_at < r.e OFFSET 0
      ) cases
      GROUP BY 1, 2, 3, 4, 5`,
  ] as const);

  const signatures = signaturesOf(set, days, versions);
  const byBucket = new Map<number, Row[]>();
  for (const r of rows) {
    const list = byBucket.get(r.bucket);
    if (list) list.push(r);
    else byBucket.set(r.bucket, [r]);
  }
  const entries = new Map<string, Entry>();
  for (const [i, day] of days.entries()) {
    const mine = byBucket.get(spanned.indexOf(day) + 1) ?? [];
    const width = set.cells.length;
    const counts = new Int32Array(mine.length * width);
    mine.forEach((r, g) => counts.set(r.counts, g * width));
    entries.set(day, {
      signature: signatures[i]!,
      from: Math.max(-Infinity, ...mine.map((r) => r.from ?? -Infinity)),
      until: Math.min(Infinity, ...mine.map((r) => r.until ?? Infinity)),
      day: {
        caseType: mine.map((r) => intern(r.caseType)),
        category: mine.map((r) => intern(r.category)),
        channel: mine.map((r) => intern(r.channel)),
        value: mine.map((r) => intern(r.value)),
        counts,
      },
    });
  }
  return entries;
}
