/**
 * The cases behind a figure of the analysis, as a filter the admin case list can apply.
 *
 * Every count in src/analysis/figures.ts carries one of these; the page links the count to
 * `/admin/zaken?<caseFilterQuery(filter)>`, and the case list turns the query back into a filter
 * (`parseCaseFilterQuery`) and into SQL (`analysisFilterConditions`). The figures are counted with
 * the very same conditions, so the list shows exactly the cases behind the number.
 *
 * Everything that changes with time (a deadline that has passed, a case that is open, an answer
 * given) is judged at `asOf`, the instant the figures were computed, so a link opened later shows
 * the same cases (as long as the read model did not change in between). Without `asOf`: now.
 */
import postgres from 'postgres';
import { amsterdamDate, addDaysToDate } from '../calendar/workingDays';
import type { Sql } from '../db/db';
import type { CaseType, Channel, Language } from '../domain/case';
import { CATEGORY_KEYS, type Category } from '../domain/categories';
import { CASE_TYPES, CHANNELS, isDate, startOfAmsterdamDay, type Parsed, type PeriodError } from './period';
import { JUSTIFIED as JUSTIFIED_VALUES, type Justified } from '../domain/lifecycle';

/** The milestone keys the workflow records in `cases.breaches`. */
export const BREACH_KEYS = [
  'acknowledgement-overdue',
  'acknowledgement-failed',
  'substantive-response-overdue',
  'resolution-overdue',
  'objection-review-overdue',
] as const;
export type BreachKey = (typeof BREACH_KEYS)[number];

export { JUSTIFIED_VALUES, type Justified };

/**
 * Where a case stands against one promise of the procedure, at `asOf`:
 * - `measured`: it counts for the promise: the promise was kept (done), or its deadline in force
 *   has passed; a case withdrawn before the deadline without it being done does not count;
 * - `in-time`: done no later than its deadline in force;
 * - `late`: measured, not in time (done late, or not done while the deadline has passed);
 * - `given` (response, settlement): done, in time or not.
 */
export type MilestoneState = 'measured' | 'in-time' | 'late';

export interface AnalysisCaseFilter {
  /** Received on or after 00:00 Amsterdam time of this date (yyyy-MM-dd). */
  receivedFrom?: string;
  /** Received no later than the end of this Amsterdam date (yyyy-MM-dd). */
  receivedTo?: string;
  caseType?: CaseType;
  category?: Category;
  channel?: Channel;
  /** ISO 8601 instant at which every time-dependent condition below is judged; default: now. */
  asOf?: string;
  /** The 24-hour confirmation: web cases with an email address only. */
  acknowledgement?: MilestoneState;
  /** The substantive response within 5 working days (deadline in force: `response_due`). */
  response?: MilestoneState | 'given';
  /** Complaints settled (written outcome) within 34 working days (`resolution_due`). */
  settlement?: MilestoneState | 'given';
  /** Open at asOf: not closed, and without outcome unless an objection is under review. */
  open?: true;
  /** Cases with this breach recorded, or with any breach. */
  breach?: BreachKey | 'any';
  complex?: boolean;
  /** made: objected by asOf; decided: the objection decided (case closed) by asOf; upheld / not-upheld: decided so. */
  objection?: 'made' | 'decided' | 'upheld' | 'not-upheld';
  /** Complaints with an outcome by asOf, judged so; assessed: with any judgement; not-assessed: without. */
  justified?: Justified | 'assessed' | 'not-assessed';
  /** Cases with this root cause (a key of `root_causes`). */
  rootCause?: string;
  /** true: cases with any root cause; false: complaints with an outcome by asOf but no root cause. */
  rootCauseRecorded?: boolean;
  /** Complaints whose customer (same email, or same customer number) complained in the 12 months before. */
  repeat?: true;
  /** asked: closed by asOf, not withdrawn, with an email address; answered: asked and scored by asOf. */
  satisfaction?: 'asked' | 'answered';
  /** Answered with this score (implies satisfaction = answered). */
  satisfactionScore?: 1 | 2 | 3 | 4 | 5;
  /** Cases with an improvement action open at asOf, or open and past its due date. */
  improvementActions?: 'open' | 'overdue';
}

export type AnalysisFilterKey = keyof AnalysisCaseFilter;

/** The keys in the order links are written. */
export const ANALYSIS_FILTER_KEYS: readonly AnalysisFilterKey[] = [
  'receivedFrom', 'receivedTo', 'caseType', 'category', 'channel', 'asOf', 'acknowledgement', 'response', 'settlement',
  'open', 'breach', 'complex', 'objection', 'justified', 'rootCause', 'rootCauseRecorded', 'repeat', 'satisfaction',
  'satisfactionScore', 'improvementActions',
];

/** The keys whose condition depends on asOf. */
const TIME_DEPENDENT: readonly AnalysisFilterKey[] = [
  'acknowledgement', 'response', 'settlement', 'open', 'objection', 'justified', 'rootCauseRecorded', 'satisfaction',
  'satisfactionScore', 'improvementActions',
];

export function isTimeDependent(filter: AnalysisCaseFilter): boolean {
  return TIME_DEPENDENT.some((key) => filter[key] !== undefined);
}

const ROOT_CAUSE_KEY = /^[a-z][a-z0-9-]{1,39}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

type Fragment = postgres.Fragment;

function and(sql: Sql, parts: Fragment[]): Fragment {
  if (parts.length === 0) return sql`true`;
  return parts.reduce((acc, part) => sql`${acc} AND ${part}`);
}

/**
 * The SQL condition (a fragment for `WHERE`, or inside `FILTER (WHERE ...)`) that selects the
 * cases of a filter. The query must read `FROM cases` without an alias; the conditions use the
 * columns of cases unqualified and name it `cases` in their subqueries.
 */
export function analysisFilterConditions(sql: Sql, filter: AnalysisCaseFilter | null): Fragment {
  if (filter === null) return sql`false`;
  return and(sql, conditionList(sql, filter));
}

/** The promises measured as in time / late / not measured (MilestoneState). */
export const MILESTONE_KEYS = ['acknowledgement', 'response', 'settlement'] as const;
export type MilestoneKey = (typeof MILESTONE_KEYS)[number];

/** The columns of cases that the conditions read (for a subquery that must provide them). */
export const CONDITION_COLUMNS = [
  'reference', 'case_type', 'category', 'channel', 'email', 'had_email', 'customer_number', 'repeat_complaint', 'received_at', 'acknowledged_at',
  'responded_at', 'resolved_at', 'closed_at', 'closure', 'acknowledgement_due', 'response_due', 'resolution_due',
  'breaches', 'complex', 'objected_at', 'objection_upheld', 'justified', 'root_cause', 'satisfaction_score', 'satisfied_at',
] as const;

/**
 * Every instant that a condition on the case's own columns compares with asOf, always as
 * `instant <= asOf` or `instant > asOf`: between two of them (or past the last) those conditions
 * give the same answer for any asOf, which is what lets src/analysis/dayCounts.ts keep a count.
 * A condition that compares another instant with asOf must add it here.
 */
export function asOfInstants(sql: Sql): Fragment[] {
  return [
    sql`received_at`, sql`received_at + interval '24 hours'`, sql`acknowledged_at`, sql`acknowledgement_due`,
    sql`responded_at`, sql`response_due`, sql`resolved_at`, sql`resolution_due`, sql`closed_at`, sql`objected_at`,
    sql`satisfied_at`,
  ];
}

/**
 * Where a case stands against a promise at asOf, as one number: 1 in time, 2 late, 0 not
 * measured; made of the very conditions of `in-time` and `late` (disjoint; together `measured`).
 * Counting many figures at once, it is cheaper to compute this once per case than each condition.
 */
export function milestoneState(sql: Sql, key: MilestoneKey, asOf: Date): Fragment {
  const condition = (state: MilestoneState) => conditionList(sql, { [key]: state, asOf: asOf.toISOString() })[0]!;
  return sql`CASE WHEN ${condition('in-time')} THEN 1 WHEN ${condition('late')} THEN 2 ELSE 0 END`;
}

/** The column that holds `milestoneState` in a query that computes it. */
export const stateColumn = (key: MilestoneKey) => `state_${key}`;

/**
 * The conditions of a filter, one per key, in key order. With `states`, the milestone keys test
 * the state columns (`stateColumn`) that the query computed with `milestoneState` instead.
 */
export function conditionList(sql: Sql, f: AnalysisCaseFilter, o: { states?: boolean } = {}): Fragment[] {
  const a = f.asOf ? new Date(f.asOf) : new Date();
  const c: Fragment[] = [];
  if (o.states) {
    const rest: Record<string, unknown> = { ...f };
    for (const key of MILESTONE_KEYS) {
      const state = f[key];
      if (state === undefined || state === 'given') continue;
      delete rest[key];
      const column = sql(stateColumn(key));
      c.push(state === 'in-time' ? sql`${column} = 1` : state === 'late' ? sql`${column} = 2` : sql`${column} > 0`);
    }
    return [...conditionList(sql, rest as AnalysisCaseFilter), ...c];
  }
  if (f.receivedFrom) c.push(sql`received_at >= ${startOfAmsterdamDay(f.receivedFrom)}`);
  if (f.receivedTo) c.push(sql`received_at < ${startOfAmsterdamDay(addDaysToDate(f.receivedTo, 1))}`);
  if (f.caseType) c.push(sql`case_type = ${f.caseType}`);
  if (f.category) c.push(sql`category = ${f.category}`);
  if (f.channel) c.push(sql`channel = ${f.channel}`);
  if (f.acknowledgement) c.push(acknowledgementCondition(sql, f.acknowledgement, a));
  if (f.response) c.push(responseCondition(sql, f.response, a));
  if (f.settlement) c.push(settlementCondition(sql, f.settlement, a));
  if (f.open) c.push(openCondition(sql, a));
  if (f.breach) c.push(f.breach === 'any' ? sql`cardinality(breaches) > 0` : sql`breaches @> ARRAY[${f.breach}]::text[]`);
  if (f.complex !== undefined) c.push(f.complex ? sql`complex` : sql`NOT complex`);
  if (f.objection) c.push(objectionCondition(sql, f.objection, a));
  if (f.justified) c.push(justifiedCondition(sql, f.justified, a));
  if (f.rootCause) c.push(sql`root_cause = ${f.rootCause}`);
  if (f.rootCauseRecorded !== undefined) {
    c.push(f.rootCauseRecorded ? sql`root_cause IS NOT NULL` : sql`(${outcomeBy(sql, a)} AND root_cause IS NULL)`);
  }
  if (f.repeat) c.push(repeatCondition(sql));
  if (f.satisfaction || f.satisfactionScore) c.push(satisfactionCondition(sql, f.satisfaction ?? 'answered', f.satisfactionScore, a));
  if (f.improvementActions) c.push(improvementActionCondition(sql, f.improvementActions, a));
  return c;
}

/** A case withdrawn no later than `due` (the deadline did not pass on a case still running). */
const withdrawnBefore = (sql: Sql, due: Fragment) => sql`coalesce(closure = 'withdrawn' AND closed_at <= ${due}, false)`;

/**
 * One promise: `done` is the column with the instant it was kept, `due` the deadline in force
 * (a case without a deadline in force, e.g. while paused, counts only once done).
 */
function milestone(sql: Sql, state: MilestoneState | 'given', done: Fragment, due: Fragment, a: Date): Fragment {
  const doneByAsOf = sql`coalesce(${done} <= ${a}, false)`;
  const notDoneByAsOf = sql`(${done} IS NULL OR ${done} > ${a})`;
  const missed = sql`(${notDoneByAsOf} AND coalesce(${due} <= ${a}, false) AND NOT ${withdrawnBefore(sql, due)})`;
  switch (state) {
    case 'given':
      return doneByAsOf;
    case 'in-time':
      return sql`(${doneByAsOf} AND (${due} IS NULL OR ${done} <= ${due}))`;
    case 'late':
      return sql`((${doneByAsOf} AND ${done} > ${due}) OR ${missed})`;
    case 'measured':
      return sql`(${doneByAsOf} OR ${missed})`;
  }
}

function acknowledgementCondition(sql: Sql, state: MilestoneState, a: Date): Fragment {
  const due = sql`coalesce(acknowledgement_due, received_at + interval '24 hours')`;
  return sql`(channel = 'web' AND (email IS NOT NULL OR had_email) AND ${milestone(sql, state, sql`acknowledged_at`, due, a)})`;
}

function responseCondition(sql: Sql, state: MilestoneState | 'given', a: Date): Fragment {
  return milestone(sql, state, sql`responded_at`, sql`response_due`, a);
}

function settlementCondition(sql: Sql, state: MilestoneState | 'given', a: Date): Fragment {
  return sql`(case_type = 'complaint' AND ${milestone(sql, state, sql`resolved_at`, sql`resolution_due`, a)})`;
}

function openCondition(sql: Sql, a: Date): Fragment {
  return sql`(received_at <= ${a} AND (closed_at IS NULL OR closed_at > ${a})
    AND (resolved_at IS NULL OR resolved_at > ${a} OR objected_at <= ${a}))`;
}

function objectionCondition(sql: Sql, o: NonNullable<AnalysisCaseFilter['objection']>, a: Date): Fragment {
  const made = sql`objected_at <= ${a}`;
  if (o === 'made') return made;
  const decided = sql`${made} AND objection_upheld IS NOT NULL AND closed_at <= ${a}`;
  if (o === 'decided') return sql`(${decided})`;
  return o === 'upheld' ? sql`(${decided} AND objection_upheld)` : sql`(${decided} AND NOT objection_upheld)`;
}

const outcomeBy = (sql: Sql, a: Date) => sql`(case_type = 'complaint' AND resolved_at <= ${a})`;

function justifiedCondition(sql: Sql, j: NonNullable<AnalysisCaseFilter['justified']>, a: Date): Fragment {
  if (j === 'assessed') return sql`(${outcomeBy(sql, a)} AND justified IS NOT NULL)`;
  if (j === 'not-assessed') return sql`(${outcomeBy(sql, a)} AND justified IS NULL)`;
  return sql`(${outcomeBy(sql, a)} AND justified = ${j})`;
}

/**
 * A complaint whose customer complained before, in the 12 months up to it: another complaint with
 * the same email address (case-insensitive) or the same customer number, received earlier but
 * not more than 12 calendar months (Amsterdam time) before. Two EXISTS, one per index. A case
 * anonymised, or one whose earlier complaint was, keeps the answer in `repeat_complaint`
 * (src/db/retention.ts); an anonymised case's `had_email` says whether it had an address.
 */
function repeatCondition(sql: Sql): Fragment {
  const since = sql`((cases.received_at AT TIME ZONE 'Europe/Amsterdam') - interval '12 months') AT TIME ZONE 'Europe/Amsterdam'`;
  return sql`(case_type = 'complaint' AND (repeat_complaint IS TRUE OR
    (email IS NOT NULL AND EXISTS (SELECT 1 FROM cases p WHERE p.case_type = 'complaint' AND lower(p.email) = lower(cases.email)
      AND p.received_at < cases.received_at AND p.received_at >= ${since}))
    OR (customer_number IS NOT NULL AND EXISTS (SELECT 1 FROM cases p WHERE p.case_type = 'complaint'
      AND p.customer_number = cases.customer_number AND p.received_at < cases.received_at AND p.received_at >= ${since}))))`;
}

/** Asked the satisfaction question: closed by asOf, not withdrawn, with an address to ask it at. */
function satisfactionAsked(sql: Sql, a: Date): Fragment {
  return sql`(closed_at <= ${a} AND closure IS DISTINCT FROM 'withdrawn' AND (email IS NOT NULL OR had_email))`;
}

function satisfactionCondition(sql: Sql, s: 'asked' | 'answered', score: number | undefined, a: Date): Fragment {
  const asked = satisfactionAsked(sql, a);
  if (s === 'asked' && score === undefined) return asked;
  // The answer as the case row holds it (kept in step with satisfaction, migration 016).
  return sql`(${asked} AND satisfied_at <= ${a} ${score === undefined ? sql`` : sql`AND satisfaction_score = ${score}`})`;
}

/** An improvement action open at asOf: created by then, not done by then. */
export function actionOpen(sql: Sql, a: Date): Fragment {
  return sql`(i.created_at <= ${a} AND (i.status = 'open' OR i.done_at > ${a}))`;
}

/** Open and past its due date: the due date is before the Amsterdam date of asOf. */
export function actionOverdue(sql: Sql, a: Date): Fragment {
  return sql`(${actionOpen(sql, a)} AND i.due_date < ${amsterdamDate(a)}::date)`;
}

function improvementActionCondition(sql: Sql, state: 'open' | 'overdue', a: Date): Fragment {
  const which = state === 'open' ? actionOpen(sql, a) : actionOverdue(sql, a);
  return sql`EXISTS (SELECT 1 FROM improvement_actions i WHERE i.reference = cases.reference AND ${which})`;
}

// -------------------------------------------------------------------------------------------------
// Filters in links: to and from a query string

/** The filter as query parameters (strings), in a stable order, for `/admin/zaken?...`. */
export function caseFilterQuery(filter: AnalysisCaseFilter): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of ANALYSIS_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) query[key] = String(value);
  }
  return query;
}

/** `receivedFrom=...&receivedTo=...`: the query string of a filter (URL-encoded). */
export function caseFilterQueryString(filter: AnalysisCaseFilter): string {
  return new URLSearchParams(caseFilterQuery(filter)).toString();
}

const ENUMS: Partial<Record<AnalysisFilterKey, readonly string[]>> = {
  caseType: CASE_TYPES,
  category: CATEGORY_KEYS,
  channel: CHANNELS,
  acknowledgement: ['measured', 'in-time', 'late'],
  response: ['measured', 'in-time', 'late', 'given'],
  settlement: ['measured', 'in-time', 'late', 'given'],
  breach: [...BREACH_KEYS, 'any'],
  objection: ['made', 'decided', 'upheld', 'not-upheld'],
  justified: [...JUSTIFIED_VALUES, 'assessed', 'not-assessed'],
  satisfaction: ['asked', 'answered'],
  improvementActions: ['open', 'overdue'],
};

const LABELS: Record<AnalysisFilterKey, Record<Language, string>> = {
  receivedFrom: { nl: 'ontvangen vanaf', en: 'received from' },
  receivedTo: { nl: 'ontvangen t/m', en: 'received to' },
  caseType: { nl: 'soort melding', en: 'case type' },
  category: { nl: 'categorie', en: 'category' },
  channel: { nl: 'kanaal', en: 'channel' },
  asOf: { nl: 'stand per', en: 'as of' },
  acknowledgement: { nl: 'ontvangstbevestiging', en: 'acknowledgement' },
  response: { nl: 'inhoudelijke reactie', en: 'substantive response' },
  settlement: { nl: 'afhandeling', en: 'settlement' },
  open: { nl: 'open', en: 'open' },
  breach: { nl: 'termijnoverschrijding', en: 'breach' },
  complex: { nl: 'complex', en: 'complex' },
  objection: { nl: 'bezwaar', en: 'objection' },
  justified: { nl: 'gegrondheid', en: 'justified' },
  rootCause: { nl: 'grondoorzaak', en: 'root cause' },
  rootCauseRecorded: { nl: 'grondoorzaak vastgelegd', en: 'root cause recorded' },
  repeat: { nl: 'herhaalde klager', en: 'repeat complainant' },
  satisfaction: { nl: 'tevredenheid', en: 'satisfaction' },
  satisfactionScore: { nl: 'tevredenheidscijfer', en: 'satisfaction score' },
  improvementActions: { nl: 'verbeteracties', en: 'improvement actions' },
};

function invalid(key: AnalysisFilterKey, value: unknown, allowed?: readonly string[]): { ok: false; error: PeriodError } {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  const choose = allowed ? { nl: `; kies uit: ${allowed.join(', ')}`, en: `; choose from: ${allowed.join(', ')}` } : { nl: '', en: '' };
  return {
    ok: false,
    error: {
      code: 'unknown-filter',
      field: key,
      message: {
        nl: `Onbekende waarde "${shown}" voor ${LABELS[key].nl}${choose.nl}.`,
        en: `Unknown value "${shown}" for ${LABELS[key].en}${choose.en}.`,
      },
    },
  };
}

/**
 * The analysis filter in a query string (other parameters are ignored). A value that does not
 * exist is refused with a reason, never dropped: a link must show exactly its cases or nothing.
 */
export function parseCaseFilterQuery(query: Record<string, unknown>): Parsed<AnalysisCaseFilter> {
  const filter: Record<string, unknown> = {};
  for (const key of ANALYSIS_FILTER_KEYS) {
    const raw = query[key];
    if (raw === undefined || raw === '') continue;
    if (typeof raw !== 'string') return invalid(key, raw);
    const allowed = ENUMS[key];
    if (allowed) {
      if (!allowed.includes(raw)) return invalid(key, raw, allowed);
      filter[key] = raw;
      continue;
    }
    switch (key) {
      case 'receivedFrom':
      case 'receivedTo':
        if (!isDate(raw)) return invalid(key, raw);
        filter[key] = raw;
        break;
      case 'asOf':
        if (!INSTANT.test(raw) || Number.isNaN(Date.parse(raw))) return invalid(key, raw);
        filter[key] = raw;
        break;
      case 'open':
      case 'repeat':
        if (raw !== 'true') return invalid(key, raw, ['true']);
        filter[key] = true;
        break;
      case 'complex':
      case 'rootCauseRecorded':
        if (raw !== 'true' && raw !== 'false') return invalid(key, raw, ['true', 'false']);
        filter[key] = raw === 'true';
        break;
      case 'rootCause':
        if (!ROOT_CAUSE_KEY.test(raw)) return invalid(key, raw);
        filter[key] = raw;
        break;
      case 'satisfactionScore':
        if (!/^[1-5]$/.test(raw)) return invalid(key, raw, ['1', '2', '3', '4', '5']);
        filter[key] = Number(raw);
        break;
    }
  }
  return { ok: true, value: filter as AnalysisCaseFilter };
}

/** "categorie: billing, bezwaar: upheld": the filter in words, for a heading above the list. */
export function describeCaseFilter(filter: AnalysisCaseFilter, language: Language): string {
  return ANALYSIS_FILTER_KEYS.filter((key) => filter[key] !== undefined)
    .map((key) => `${LABELS[key][language]}: ${String(filter[key])}`).join(', ');
}
