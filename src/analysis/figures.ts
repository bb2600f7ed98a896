/**
 * The figures of the analysis page, the governance report and `npm run report` (procedure
 * promise 5): SQL over the read model, aggregate queries over the cases received in a period.
 * The exact definitions are in src/analysis/definitions.ts.
 *
 * Every count carries the case-list filter that selects exactly the cases behind it
 * (src/analysis/caseFilter.ts), and is counted with that filter's own SQL conditions: the link
 * from a number to `/admin/zaken?...` lists those cases and no others.
 *
 * What reads only the cases themselves is counted per day of receipt and kept between requests
 * while it holds (src/analysis/dayCounts.ts): a page counts again only the days whose cases
 * changed, or whose deadlines passed, since it was last shown. Satisfaction answers and
 * improvement actions, in tables of their own, are counted at each request.
 */
import type { WorkingDayCalendar } from '../calendar/workingDays';
import { addDaysToDate, amsterdamDate } from '../calendar/workingDays';
import type { Sql } from '../db/db';
import type { CaseType, Channel, Language } from '../domain/case';
import { CATEGORY_KEYS, type Category } from '../domain/categories';
import {
  BREACH_KEYS,
  JUSTIFIED_VALUES,
  actionOpen,
  actionOverdue,
  analysisFilterConditions,
  isTimeDependent,
  type AnalysisCaseFilter,
  type BreachKey,
  type Justified,
} from './caseFilter';
import { countsByDay, countsByValue, datesBetween, dayCount, defineCellSet, sumCounts, type CellSet, type DayCounts } from './dayCounts';
import { CASE_TYPES, CHANNELS, monthOf, trendMonths, type AnalysisFilters, type Period } from './period';

export { FIGURE_DEFINITIONS, FIGURE_NAMES, FIGURE_TITLES, GENERAL_DEFINITION, type FigureName } from './definitions';

/** How a count of 1 to 4 shows in a report. */
export const SMALL_CELL = '< 5' as const;
export type SmallCell = typeof SMALL_CELL;

/**
 * A number of cases, and the filter that lists them. `M` is what a value may be besides a
 * number: nothing for the exact figures, SMALL_CELL after suppressSmallCells. `filter` is null
 * only when no case can match (the count is then 0).
 */
export interface Count<M = never> {
  kind: 'count';
  n: number | M;
  filter: AnalysisCaseFilter | null;
}

/** numerator / denominator as a percentage (one decimal); null when the denominator is 0. */
export interface Share<M = never> {
  kind: 'share';
  numerator: Count<M>;
  denominator: Count<M>;
  percent: number | null | M;
}

/** Median and 90th percentile of working days (one decimal) over `cases`; null when there are none. */
export interface Stat<M = never> {
  kind: 'stat';
  cases: Count<M>;
  median: number | null | M;
  p90: number | null | M;
}

/** Improvement actions: `n` actions, on `cases` cases; the filter lists the cases. */
export interface ActionCount<M = never> {
  kind: 'actions';
  n: number | M;
  cases: number | M;
  filter: AnalysisCaseFilter | null;
}

export interface Average<M = never> {
  kind: 'average';
  /** One decimal; null when no one answered. */
  value: number | null | M;
  cases: Count<M>;
}

/** One root cause in the Pareto list. */
export interface ParetoItem<M = never> {
  kind: 'pareto';
  key: string;
  label: Record<Language, string>;
  cases: Count<M>;
  percent: number | M;
  cumulativePercent: number | M;
}

export interface AgeBucket<M = never> {
  key: AgeBucketKey;
  /** Working days from receipt to asOf: min to max inclusive (max null: no upper bound). */
  min: number;
  max: number | null;
  label: Record<Language, string>;
  cases: Count<M>;
}

export const AGE_BUCKETS = [
  { key: '0-5', min: 0, max: 5 },
  { key: '6-10', min: 6, max: 10 },
  { key: '11-20', min: 11, max: 20 },
  { key: '21-34', min: 21, max: 34 },
  { key: 'over-34', min: 35, max: null },
] as const;
export type AgeBucketKey = (typeof AGE_BUCKETS)[number]['key'];

export type Score = '1' | '2' | '3' | '4' | '5';
const SCORES: readonly Score[] = ['1', '2', '3', '4', '5'];

export interface Figures<M = never> {
  period: Pick<Period, 'kind' | 'value' | 'from' | 'to' | 'label'>;
  filters: AnalysisFilters;
  /** The measuring moment (ISO 8601): deadlines passed, open, answered ... are judged then. */
  asOf: string;
  calendarVersion: string;
  received: {
    total: Count<M>;
    byType: Record<CaseType, Count<M>>;
    byCategory: Record<Category, Count<M>>;
    byChannel: Record<Channel, Count<M>>;
  };
  confirmedWithin24h: Share<M>;
  responseWithin5WorkingDays: Record<'all' | CaseType, Share<M>>;
  settledWithin34WorkingDays: Share<M>;
  workingDaysToResponse: Record<'all' | CaseType, Stat<M>>;
  workingDaysToSettlement: Stat<M>;
  openByAge: { total: Count<M>; buckets: AgeBucket<M>[] };
  breaches: { any: Count<M>; byMilestone: Record<BreachKey, Count<M>> };
  /** Complex cases as a share of all cases received. */
  complex: Share<M>;
  objections: {
    /** Objected / complaints with an outcome. */
    objected: Share<M>;
    /** Upheld / objections decided. */
    upheld: Share<M>;
  };
  justified: {
    /** Complaints with an outcome and a judgement: the denominator of the shares. */
    assessed: Count<M>;
    /** Complaints with an outcome but no judgement. */
    notAssessed: Count<M>;
    shares: Record<Justified, Share<M>>;
  };
  rootCauses: {
    /** Cases with a root cause: the denominator of the Pareto list. */
    recorded: Count<M>;
    /** Complaints with an outcome but no root cause. */
    notRecorded: Count<M>;
    items: ParetoItem<M>[];
  };
  /** Repeat complaints / complaints. */
  repeatComplainants: Share<M>;
  satisfaction: {
    /** Answered / asked. */
    responseRate: Share<M>;
    average: Average<M>;
    distribution: Record<Score, Count<M>>;
  };
  improvementActions: { open: ActionCount<M>; overdue: ActionCount<M> };
}

export interface TrendMonth<M = never> {
  /** yyyy-MM */
  month: string;
  label: Record<Language, string>;
  received: Record<'total' | CaseType, Count<M>>;
  confirmedWithin24h: Share<M>;
  responseWithin5WorkingDays: Record<'all' | CaseType, Share<M>>;
  settledWithin34WorkingDays: Share<M>;
  breaches: { any: Count<M>; byMilestone: Record<BreachKey, Count<M>> };
}

export interface MonthlyTrend<M = never> {
  asOf: string;
  filters: AnalysisFilters;
  months: TrendMonth<M>[];
}

// -------------------------------------------------------------------------------------------------
// Building blocks

const round1 = (x: number) => Math.round(x * 10) / 10;

function share(numerator: Count, denominator: Count): Share {
  const percent = denominator.n > 0 ? round1((100 * numerator.n) / denominator.n) : null;
  return { kind: 'share', numerator, denominator, percent };
}

/**
 * `base` narrowed by `extra`: null when they contradict each other (complaints only, while the
 * filters ask for feedback), so the count is 0 and there is nothing to list. asOf is kept only
 * where a condition depends on it.
 */
function refine(base: AnalysisCaseFilter, extra: AnalysisCaseFilter, asOf: string): AnalysisCaseFilter | null {
  for (const key of ['caseType', 'category', 'channel'] as const) {
    if (extra[key] !== undefined && base[key] !== undefined && extra[key] !== base[key]) return null;
  }
  const { asOf: _ignored, ...rest } = { ...base, ...extra };
  return isTimeDependent(rest) ? { ...rest, asOf } : rest;
}

/**
 * Every count of the figures and the trend that reads only the case's own columns, as a filter
 * beside the period and the analysis filters. They are counted per day of receipt, and per type,
 * category and channel, with the conditions the case list uses, and kept between requests while
 * they hold (src/analysis/dayCounts.ts): a figure sums the days of its period and the groups of
 * its filters. The trend's counts apart, so that a trend counts only what it shows.
 */
const TREND_CELLS = defineCellSet({
  name: 'trend',
  lookBackDays: 0,
  cells: [
    {},
    ...CASE_TYPES.map((caseType) => ({ caseType })),
    { acknowledgement: 'in-time' }, { acknowledgement: 'measured' },
    ...[{}, ...CASE_TYPES.map((caseType) => ({ caseType }))].flatMap((extra) =>
      (['in-time', 'measured'] as const).map((response) => ({ ...extra, response }))),
    { caseType: 'complaint', settlement: 'in-time' }, { caseType: 'complaint', settlement: 'measured' },
    { breach: 'any' },
    ...BREACH_KEYS.map((breach) => ({ breach })),
  ],
});
const FIGURE_CELLS = defineCellSet({
  name: 'figures',
  lookBackDays: 0,
  cells: [
    ...CATEGORY_KEYS.map((category) => ({ category })),
    ...CHANNELS.map((channel) => ({ channel })),
    { complex: true },
    { caseType: 'complaint', settlement: 'given' },
    ...(['made', 'decided', 'upheld'] as const).map((objection) => ({ caseType: 'complaint' as const, objection })),
    ...(['assessed', 'not-assessed', ...JUSTIFIED_VALUES] as const).map((justified) => ({ caseType: 'complaint' as const, justified })),
    { rootCauseRecorded: true }, { caseType: 'complaint', rootCauseRecorded: false },
    { satisfaction: 'asked' },
    ...SCORES.map((score) => ({ satisfaction: 'answered' as const, satisfactionScore: Number(score) as 1 })),
    { open: true },
  ],
});

/** Root causes: cases with one, by root cause. */
const ROOT_CAUSE_CELLS = defineCellSet({ name: 'rootCauses', lookBackDays: 0, groupBy: 'root_cause', cells: [{ rootCauseRecorded: true }] });

/** The working days to the response and to the outcome, by number of days: their median and 90th percentile. */
const RESPONSE_DAYS = defineCellSet({
  name: 'responseDays', lookBackDays: 0, groupBy: 'working_days_to_response', cells: [{ response: 'given' }],
});
const SETTLEMENT_DAYS = defineCellSet({
  name: 'settlementDays', lookBackDays: 0, groupBy: 'working_days_to_resolution',
  cells: [{ caseType: 'complaint', settlement: 'given' }],
});

/** Repeat complainants read the complaints of the 12 months before (at most 366 days, and the day itself). */
const REPEAT_CELLS = defineCellSet({ name: 'repeat', lookBackDays: 367, cells: [{ caseType: 'complaint', repeat: true }] });

const cellKey = (filter: AnalysisCaseFilter) => JSON.stringify(Object.entries(filter).sort(([a], [b]) => a.localeCompare(b)));
const CELLS = new Map([TREND_CELLS, FIGURE_CELLS].flatMap((set) => set.cells.map((cell, index) => [cellKey(cell), { set, index }] as const)));

function cellOf(extra: AnalysisCaseFilter): { set: CellSet; index: number } {
  const found = CELLS.get(cellKey(extra));
  if (!found) throw new Error(`not a counted cell: ${cellKey(extra)}`);
  return found;
}

/**
 * Counts of `base` (a period and the analysis filters) narrowed by cells of TREND_CELLS and
 * FIGURE_CELLS, judged at asOf: `add` names a cell, `sums` adds up the days of the period. A cell
 * that contradicts the filters (complaints only, while they ask for feedback) counts 0, with
 * nothing to list.
 */
class CountQuery {
  private readonly cells: { set: CellSet; index: number; filter: AnalysisCaseFilter | null }[] = [];

  constructor(private readonly base: AnalysisCaseFilter, private readonly filters: AnalysisFilters, private readonly asOf: Date) {}

  add(extra: AnalysisCaseFilter): (sums: number[]) => Count {
    const filter = refine(this.base, extra, this.asOf.toISOString());
    this.cells.push({ ...cellOf(extra), filter });
    const position = this.cells.length - 1;
    return (sums) => ({ kind: 'count', n: sums[position]!, filter });
  }

  /** The counts of the cells, in the order added, from the day counts of each set over the period. */
  sums(days: ReadonlyMap<CellSet, readonly DayCounts[]>): number[] {
    const totals = new Map([...days].map(([set, counts]) => [set, sumCounts(set, counts, this.filters)]));
    return this.cells.map((c) => (c.filter === null ? 0 : totals.get(c.set)![c.index]!));
  }
}

/** The case filter of a period and the analysis filters. */
export function periodFilter(period: Pick<Period, 'from' | 'to'>, filters: AnalysisFilters): AnalysisCaseFilter {
  return { receivedFrom: period.from, receivedTo: period.to, ...filters };
}

// -------------------------------------------------------------------------------------------------
// The figures

/**
 * Every figure over the cases received in `period` within `filters`, judged at `asOf` (the
 * improvement actions: a snapshot at `asOf`). The calendar gives the age of open cases in
 * working days; the working days to response and outcome were recorded with each case.
 */
export async function computeFigures(
  sql: Sql,
  calendar: WorkingDayCalendar,
  period: Period,
  filters: AnalysisFilters,
  asOf: Date,
): Promise<Figures> {
  const at = asOf.toISOString();
  const base = periodFilter(period, filters);
  const f = (extra: AnalysisCaseFilter) => refine(base, extra, at);
  const q = new CountQuery(base, filters, asOf);
  const cell = (extra: AnalysisCaseFilter) => q.add(extra);

  const total = cell({});
  const byType = CASE_TYPES.map((t) => [t, cell({ caseType: t })] as const);
  const byCategory = CATEGORY_KEYS.map((c) => [c, cell({ category: c })] as const);
  const byChannel = CHANNELS.map((c) => [c, cell({ channel: c })] as const);
  const ack = [cell({ acknowledgement: 'in-time' }), cell({ acknowledgement: 'measured' })] as const;
  const responseTypes = [['all', {}], ['complaint', { caseType: 'complaint' }], ['feedback', { caseType: 'feedback' }]] as const;
  const response = responseTypes.map(([key, extra]) =>
    [key, cell({ ...extra, response: 'in-time' }), cell({ ...extra, response: 'measured' })] as const);
  const settled = [cell({ caseType: 'complaint', settlement: 'in-time' }), cell({ caseType: 'complaint', settlement: 'measured' })] as const;
  const anyBreach = cell({ breach: 'any' });
  const breaches = BREACH_KEYS.map((b) => [b, cell({ breach: b })] as const);
  const complex = cell({ complex: true });
  const withOutcome = cell({ caseType: 'complaint', settlement: 'given' });
  const objected = cell({ caseType: 'complaint', objection: 'made' });
  const decided = cell({ caseType: 'complaint', objection: 'decided' });
  const upheld = cell({ caseType: 'complaint', objection: 'upheld' });
  const assessed = cell({ caseType: 'complaint', justified: 'assessed' });
  const notAssessed = cell({ caseType: 'complaint', justified: 'not-assessed' });
  const justified = JUSTIFIED_VALUES.map((j) => [j, cell({ caseType: 'complaint', justified: j })] as const);
  const rootRecorded = cell({ rootCauseRecorded: true });
  const rootNotRecorded = cell({ caseType: 'complaint', rootCauseRecorded: false });
  const complaints = cell({ caseType: 'complaint' });
  const asked = cell({ satisfaction: 'asked' });
  const openTotal = cell({ open: true });

  const statQueries = [
    [RESPONSE_DAYS, f({ response: 'given' }), {}],
    [RESPONSE_DAYS, f({ caseType: 'complaint', response: 'given' }), { caseType: 'complaint' }],
    [RESPONSE_DAYS, f({ caseType: 'feedback', response: 'given' }), { caseType: 'feedback' }],
    [SETTLEMENT_DAYS, f({ caseType: 'complaint', settlement: 'given' }), { caseType: 'complaint' }],
  ] as const;
  const repeatFilter = f({ caseType: 'complaint', repeat: true });
  const answeredFilter = f({ satisfaction: 'answered' });
  const byScore = SCORES.map((score) => [score, cell({ satisfaction: 'answered', satisfactionScore: Number(score) as 1 })] as const);
  const actionBase: AnalysisCaseFilter = { ...filters };

  const [trendDays, figureDays, responseDays, settlementDays, rootDays, labels, repeatDays, actionRows] = await Promise.all([
    countsByDay(sql, TREND_CELLS, period.from, period.to, asOf),
    countsByDay(sql, FIGURE_CELLS, period.from, period.to, asOf),
    countsByDay(sql, RESPONSE_DAYS, period.from, period.to, asOf),
    countsByDay(sql, SETTLEMENT_DAYS, period.from, period.to, asOf),
    countsByDay(sql, ROOT_CAUSE_CELLS, period.from, period.to, asOf),
    sql<{ key: string; labelNl: string; labelEn: string; position: number }[]>`
      SELECT key, label_nl AS "labelNl", label_en AS "labelEn", position FROM root_causes`,
    repeatFilter === null ? Promise.resolve([]) : countsByDay(sql, REPEAT_CELLS, period.from, period.to, asOf),
    sql<{ open: number; openCases: number; overdue: number; overdueCases: number }[]>`
      SELECT count(*) FILTER (WHERE ${actionOpen(sql, asOf)})::int AS open,
        count(DISTINCT i.reference) FILTER (WHERE ${actionOpen(sql, asOf)})::int AS "openCases",
        count(*) FILTER (WHERE ${actionOverdue(sql, asOf)})::int AS overdue,
        count(DISTINCT i.reference) FILTER (WHERE ${actionOverdue(sql, asOf)})::int AS "overdueCases"
      FROM improvement_actions i WHERE ${actionOpen(sql, asOf)}
      ${Object.keys(actionBase).length === 0 ? sql``
        // A lookup per action (few are open), never a scan of all cases.
        : sql`AND (SELECT ${analysisFilterConditions(sql, actionBase)} FROM cases WHERE cases.reference = i.reference)`}`,
  ]);

  const values = q.sums(new Map([[TREND_CELLS, trendDays], [FIGURE_CELLS, figureDays]]));
  // Open cases by day of receipt, for their age.
  const open = cellOf({ open: true });
  const dates = datesBetween(period.from, period.to);
  const openRows = figureDays.map((day, i) => ({ day: dates[i]!, n: dayCount(open.set, day, open.index, filters) })).filter((r) => r.n > 0);
  const repeatN = sumCounts(REPEAT_CELLS, repeatDays, filters)[0]!;

  const stat = (i: number): Stat => {
    const [set, filter, narrow] = statQueries[i]!;
    const byDays = filter === null ? new Map<number | string | null, number>()
      : countsByValue(set, 0, set === RESPONSE_DAYS ? responseDays : settlementDays, { ...filters, ...narrow });
    const n = [...byDays.values()].reduce((sum, k) => sum + k, 0);
    const [median, p90] = percentilesCont(byDays, [0.5, 0.9]);
    return {
      kind: 'stat',
      cases: { kind: 'count', n, filter },
      median: median == null ? null : round1(median),
      p90: p90 == null ? null : round1(p90),
    };
  };
  const rootRows = [...countsByValue(ROOT_CAUSE_CELLS, 0, rootDays, filters)].map(([key, n]) => ({ key: String(key), n }));

  // Root causes, most frequent first (ties: the administrators' order, then the key).
  const labelOf = new Map(labels.map((l) => [l.key, l]));
  const recorded = rootRecorded(values);
  let cumulative = 0;
  const items: ParetoItem[] = rootRows
    .sort((a, b) => b.n - a.n || (labelOf.get(a.key)?.position ?? 1e9) - (labelOf.get(b.key)?.position ?? 1e9) || a.key.localeCompare(b.key))
    .map((r) => {
      cumulative += r.n;
      const label = labelOf.get(r.key);
      return {
        kind: 'pareto',
        key: r.key,
        label: { nl: label?.labelNl ?? r.key, en: label?.labelEn ?? r.key },
        cases: { kind: 'count', n: r.n, filter: f({ rootCause: r.key }) },
        percent: round1((100 * r.n) / (recorded.n as number)),
        cumulativePercent: round1((100 * cumulative) / (recorded.n as number)),
      };
    });

  const scores = new Map(byScore.map(([score, c]) => [score, c(values)]));
  const answeredN = [...scores.values()].reduce((sum, c) => sum + (c.n as number), 0);
  const answered: Count = { kind: 'count', n: answeredN, filter: answeredFilter };
  const scoreSum = [...scores].reduce((sum, [score, c]) => sum + Number(score) * (c.n as number), 0);
  const action = actionRows[0] ?? { open: 0, openCases: 0, overdue: 0, overdueCases: 0 };

  return {
    period: { kind: period.kind, value: period.value, from: period.from, to: period.to, label: period.label },
    filters: { ...filters },
    asOf: at,
    calendarVersion: calendar.version,
    received: {
      total: total(values),
      byType: Object.fromEntries(byType.map(([k, c]) => [k, c(values)])) as Record<CaseType, Count>,
      byCategory: Object.fromEntries(byCategory.map(([k, c]) => [k, c(values)])) as Record<Category, Count>,
      byChannel: Object.fromEntries(byChannel.map(([k, c]) => [k, c(values)])) as Record<Channel, Count>,
    },
    confirmedWithin24h: share(ack[0](values), ack[1](values)),
    responseWithin5WorkingDays: Object.fromEntries(response.map(([k, num, den]) => [k, share(num(values), den(values))])) as
      Record<'all' | CaseType, Share>,
    settledWithin34WorkingDays: share(settled[0](values), settled[1](values)),
    workingDaysToResponse: { all: stat(0), complaint: stat(1), feedback: stat(2) },
    workingDaysToSettlement: stat(3),
    openByAge: openByAge(calendar, period, base, openTotal(values), openRows, asOf),
    breaches: {
      any: anyBreach(values),
      byMilestone: Object.fromEntries(breaches.map(([k, c]) => [k, c(values)])) as Record<BreachKey, Count>,
    },
    complex: share(complex(values), total(values)),
    objections: { objected: share(objected(values), withOutcome(values)), upheld: share(upheld(values), decided(values)) },
    justified: {
      assessed: assessed(values),
      notAssessed: notAssessed(values),
      shares: Object.fromEntries(justified.map(([k, c]) => [k, share(c(values), assessed(values))])) as Record<Justified, Share>,
    },
    rootCauses: { recorded, notRecorded: rootNotRecorded(values), items },
    repeatComplainants: share({ kind: 'count', n: repeatN, filter: repeatFilter }, complaints(values)),
    satisfaction: {
      responseRate: share(answered, asked(values)),
      average: { kind: 'average', value: answeredN > 0 ? round1(scoreSum / answeredN) : null, cases: answered },
      distribution: Object.fromEntries(SCORES.map((s) => [s, scores.get(s)!])) as Record<Score, Count>,
    },
    improvementActions: {
      open: { kind: 'actions', n: action.open, cases: action.openCases, filter: { ...actionBase, improvementActions: 'open', asOf: at } },
      overdue: { kind: 'actions', n: action.overdue, cases: action.overdueCases, filter: { ...actionBase, improvementActions: 'overdue', asOf: at } },
    },
  };
}

/**
 * percentile_cont of PostgreSQL over values given as value -> number of cases (null values left
 * out, as the aggregate leaves them out), computed as it does: for percentile p over n values, the
 * values at 0-based rows floor(p(n - 1)) and ceil(p(n - 1)) of the sorted values, lo + f(hi - lo)
 * with f the fraction of p(n - 1). Null when there are no values.
 */
export function percentilesCont(counts: ReadonlyMap<number | string | null, number>, ps: readonly number[]): (number | null)[] {
  const sorted = [...counts].filter(([value, n]) => value !== null && n > 0)
    .map(([value, n]) => [Number(value), n] as const).sort((a, b) => a[0] - b[0]);
  const rows = sorted.reduce((sum, [, n]) => sum + n, 0);
  const valueAt = (row: number) => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (row < seen) return value;
    }
    throw new RangeError(`no row ${row}`);
  };
  return ps.map((p) => {
    if (rows === 0) return null;
    const position = p * (rows - 1);
    const [first, second] = [Math.floor(position), Math.ceil(position)];
    const lo = valueAt(first);
    return second > first ? lo + ((position - Math.floor(position)) * (valueAt(second) - lo)) : lo;
  });
}

/**
 * Open cases by age. The database groups them by Amsterdam receipt date; the calendar gives each
 * date its age in working days at asOf (after the receipt date, up to and including the date of
 * asOf). Age falls as the receipt date rises, so each bucket is one range of receipt dates: its
 * filter lists the open cases received in that range.
 */
function openByAge(
  calendar: WorkingDayCalendar,
  period: Period,
  base: AnalysisCaseFilter,
  total: Count,
  rows: { day: string; n: number }[],
  asOf: Date,
): Figures['openByAge'] {
  const asOfDate = amsterdamDate(asOf);
  const last = period.to < asOfDate ? period.to : asOfDate;
  const ranges = AGE_BUCKETS.map(() => ({ first: undefined as string | undefined, last: undefined as string | undefined }));
  const bucketOf = (age: number) => AGE_BUCKETS.findIndex((b) => age >= b.min && (b.max === null || age <= b.max));
  const counts = AGE_BUCKETS.map(() => 0);
  const byDay = new Map(rows.map((r) => [r.day, r.n]));
  const oldest = AGE_BUCKETS.length - 1;
  // Walk back from asOf: the age of date d is the number of working days in (d, asOfDate].
  let age = 0;
  let date = asOfDate;
  while (date >= period.from) {
    if (date <= last) {
      const b = bucketOf(age);
      ranges[b]!.last ??= date;
      ranges[b]!.first = date;
      if (b === oldest) {
        // Every earlier date is older still: one range down to the start of the period.
        ranges[b]!.first = period.from;
        for (const [day, n] of byDay) if (day <= date) counts[b]! += n;
        break;
      }
      counts[b]! += byDay.get(date) ?? 0;
    }
    if (!calendar.dayOff(date)) age += 1;
    date = addDaysToDate(date, -1);
  }
  return {
    total,
    buckets: AGE_BUCKETS.map((b, i) => {
      const range = ranges[i]!;
      const filter = range.first && range.last
        ? { ...base, receivedFrom: range.first, receivedTo: range.last, open: true as const, asOf: asOf.toISOString() }
        : null;
      return {
        key: b.key,
        min: b.min,
        max: b.max,
        label: b.max === null
          ? { nl: `meer dan ${b.min - 1} werkdagen`, en: `more than ${b.min - 1} working days` }
          : { nl: `${b.min}–${b.max} werkdagen`, en: `${b.min}–${b.max} working days` },
        cases: { kind: 'count', n: counts[i]!, filter },
      };
    }),
  };
}

/**
 * The 12 months that end with `endMonth` (`2026-11`, or the month in which a period ends),
 * oldest first: received per type, confirmed within 24 hours, response within 5 working days,
 * settled within 34 working days, and breaches, per month of receipt, judged at asOf.
 */
export async function monthlyTrend(
  sql: Sql,
  _calendar: WorkingDayCalendar,
  endMonth: string | Period,
  filters: AnalysisFilters,
  asOf: Date,
): Promise<MonthlyTrend> {
  const at = asOf.toISOString();
  const months = trendMonths(typeof endMonth === 'string' ? monthOf(endMonth) : endMonth);
  // The counts per day of the 12 months (mostly kept from earlier requests), summed per month.
  const days = await countsByDay(sql, TREND_CELLS, months[0]!.from, months.at(-1)!.to, asOf);
  let offset = 0;
  return {
    asOf: at,
    filters: { ...filters },
    months: months.map((m) => {
      const base = periodFilter(m, filters);
      const q = new CountQuery(base, filters, asOf);
      const add = (extra: AnalysisCaseFilter) => q.add(extra);
      const pairOf = (extra: AnalysisCaseFilter, promise: 'acknowledgement' | 'response' | 'settlement') => {
        const [num, den] = [add({ ...extra, [promise]: 'in-time' }), add({ ...extra, [promise]: 'measured' })];
        return (values: number[]) => share(num(values), den(values));
      };
      const cells = {
        total: add({}),
        complaint: add({ caseType: 'complaint' }),
        feedback: add({ caseType: 'feedback' }),
        ack: pairOf({}, 'acknowledgement'),
        responseAll: pairOf({}, 'response'),
        responseComplaint: pairOf({ caseType: 'complaint' }, 'response'),
        responseFeedback: pairOf({ caseType: 'feedback' }, 'response'),
        settled: pairOf({ caseType: 'complaint' }, 'settlement'),
        any: add({ breach: 'any' }),
        breaches: BREACH_KEYS.map((b) => [b, add({ breach: b })] as const),
      };
      const length = datesBetween(m.from, m.to).length;
      const values = q.sums(new Map([[TREND_CELLS, days.slice(offset, offset + length)]]));
      offset += length;
      return {
        month: m.value,
        label: m.label,
        received: { total: cells.total(values), complaint: cells.complaint(values), feedback: cells.feedback(values) },
        confirmedWithin24h: cells.ack(values),
        responseWithin5WorkingDays: {
          all: cells.responseAll(values),
          complaint: cells.responseComplaint(values),
          feedback: cells.responseFeedback(values),
        },
        settledWithin34WorkingDays: cells.settled(values),
        breaches: {
          any: cells.any(values),
          byMilestone: Object.fromEntries(cells.breaches.map(([k, c]) => [k, c(values)])) as Record<BreachKey, Count>,
        },
      };
    }),
  };
}

// -------------------------------------------------------------------------------------------------
// Small cells, and plain values

const small = (n: number) => n > 0 && n < 5;

type Suppressible = Count | Share | Stat | ActionCount | Average | ParetoItem;

function suppressCell(x: Suppressible): unknown {
  switch (x.kind) {
    case 'count':
      return { ...x, n: small(x.n) ? SMALL_CELL : x.n };
    case 'share': {
      const hidden = small(x.numerator.n) || small(x.denominator.n);
      return { ...x, numerator: suppressCell(x.numerator), denominator: suppressCell(x.denominator), percent: hidden ? SMALL_CELL : x.percent };
    }
    case 'stat': {
      const hidden = small(x.cases.n);
      return { ...x, cases: suppressCell(x.cases), median: hidden ? SMALL_CELL : x.median, p90: hidden ? SMALL_CELL : x.p90 };
    }
    case 'actions': {
      const hidden = small(x.cases) || small(x.n);
      return { ...x, n: hidden ? SMALL_CELL : x.n, cases: hidden ? SMALL_CELL : x.cases };
    }
    case 'average':
      return { ...x, value: small(x.cases.n) ? SMALL_CELL : x.value, cases: suppressCell(x.cases) };
    case 'pareto': {
      const hidden = small(x.cases.n);
      return {
        ...x,
        cases: suppressCell(x.cases),
        percent: hidden ? SMALL_CELL : x.percent,
        cumulativePercent: hidden ? SMALL_CELL : x.cumulativePercent,
      };
    }
  }
}

const CELL_KINDS = new Set(['count', 'share', 'stat', 'actions', 'average', 'pareto']);

function isCell(x: unknown): x is Suppressible {
  return typeof x === 'object' && x !== null && CELL_KINDS.has((x as { kind?: string }).kind ?? '');
}

function mapCells(x: unknown, fn: (cell: Suppressible) => unknown): unknown {
  if (isCell(x)) return fn(x);
  if (Array.isArray(x)) return x.map((item) => mapCells(item, fn));
  if (typeof x === 'object' && x !== null) {
    return Object.fromEntries(Object.entries(x).map(([k, value]) => [k, k === 'filter' || k === 'filters' ? value : mapCells(value, fn)]));
  }
  return x;
}

/**
 * A copy for reports: every count from 1 to 4 becomes "< 5", and so does every percentage,
 * median, percentile and average built on such a count (0 stays 0: it shows no one). Primary
 * suppression only: a total and its other parts may still allow a difference to be taken.
 */
export function suppressSmallCells(figures: Figures): Figures<SmallCell>;
export function suppressSmallCells(trend: MonthlyTrend): MonthlyTrend<SmallCell>;
export function suppressSmallCells(x: Figures | MonthlyTrend): Figures<SmallCell> | MonthlyTrend<SmallCell> {
  return mapCells(x, suppressCell) as Figures<SmallCell>;
}

/** A figure's values without the case-list filters: what `npm run report -- --json` prints. */
export type Plain<T> =
  T extends Count<infer M> ? number | M
    : T extends Share<infer M> ? { numerator: number | M; denominator: number | M; percent: number | null | M }
      : T extends Stat<infer M> ? { cases: number | M; median: number | null | M; p90: number | null | M }
        : T extends ActionCount<infer M> ? { actions: number | M; cases: number | M }
          : T extends Average<infer M> ? number | null | M
            : T extends ParetoItem<infer M> ? { key: string; label: Record<Language, string>; cases: number | M; percent: number | M; cumulativePercent: number | M }
              : T extends readonly (infer U)[] ? Plain<U>[]
                : T extends object ? { [K in keyof T]: Plain<T[K]> }
                  : T;

function plainCell(x: Suppressible): unknown {
  switch (x.kind) {
    case 'count':
      return x.n;
    case 'share':
      return { numerator: x.numerator.n, denominator: x.denominator.n, percent: x.percent };
    case 'stat':
      return { cases: x.cases.n, median: x.median, p90: x.p90 };
    case 'actions':
      return { actions: x.n, cases: x.cases };
    case 'average':
      return x.value;
    case 'pareto':
      return { key: x.key, label: x.label, cases: x.cases.n, percent: x.percent, cumulativePercent: x.cumulativePercent };
  }
}

/** The figures as plain values: counts as numbers, shares as { numerator, denominator, percent }. */
export function plainFigures<M>(figures: Figures<M>): Plain<Figures<M>> {
  return mapCells(figures, plainCell) as Plain<Figures<M>>;
}

/** Every count in the figures with its path (e.g. `received.byType.complaint`), for tests and CSV. */
export function countsOf<M>(x: Figures<M> | MonthlyTrend<M>): { path: string; count: Count<M> | ActionCount<M> }[] {
  const out: { path: string; count: Count<M> | ActionCount<M> }[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value !== 'object' || value === null) return;
    const kind = (value as { kind?: string }).kind;
    if ((kind === 'count' || kind === 'actions') && 'filter' in value) {
      out.push({ path, count: value as Count<M> });
      return;
    }
    for (const [k, v] of Object.entries(value)) if (k !== 'filter' && k !== 'filters') walk(v, path ? `${path}.${k}` : k);
  };
  walk(x, '');
  return out;
}
