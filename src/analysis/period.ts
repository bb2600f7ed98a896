/**
 * What a person asks the analysis for, validated (pure: no I/O, no clock).
 *
 * A period is a range of Amsterdam calendar dates, `from` to `to` inclusive: from 00:00 of `from`
 * to the end of `to` in Europe/Amsterdam, whatever the host's time zone. It is asked for as a
 * month (`2026-10`), a quarter (`2026-Q4`), a year (`2026`) or two dates (`2026-10-01` to
 * `2026-12-31`), at most five years long. Filters narrow the cases to one type, category or
 * channel. Anything else is refused with a reason in Dutch and English, never guessed at.
 */
import { addDaysToDate, amsterdamDate, endOfAmsterdamDay } from '../calendar/workingDays';
import type { CaseType, Channel, Language } from '../domain/case';
import { CATEGORIES, CATEGORY_KEYS, type Category } from '../domain/categories';

export type PeriodKind = 'month' | 'quarter' | 'year';
export type Frequency = 'monthly' | 'quarterly' | 'yearly';

/** A period as asked for: a month, quarter or year by name, or two dates (yyyy-MM-dd). */
export type PeriodRequest = { period: PeriodKind; value: string } | { from: string; to: string };

export interface Period {
  kind: PeriodKind | 'range';
  /** `2026-10`, `2026-Q4`, `2026`; for a range `2026-10-01/2026-12-31`. */
  value: string;
  /** First Amsterdam date of the period (yyyy-MM-dd). */
  from: string;
  /** Last Amsterdam date of the period, inclusive (yyyy-MM-dd). */
  to: string;
  /** 00:00 Amsterdam time on `from`. */
  startsAt: Date;
  /** 00:00 Amsterdam time on the day after `to`: the period is `startsAt <= t < endsBefore`. */
  endsBefore: Date;
  label: Record<Language, string>;
}

export interface AnalysisFilters {
  caseType?: CaseType;
  category?: Category;
  channel?: Channel;
}

export const CASE_TYPES: readonly CaseType[] = ['complaint', 'feedback'];
export const CHANNELS: readonly Channel[] = ['web', 'phone'];
export const MAX_PERIOD_YEARS = 5;

export type PeriodErrorCode =
  | 'missing-period' | 'ambiguous-period' | 'unknown-period' | 'invalid-value' | 'invalid-date'
  | 'from-after-to' | 'too-long' | 'unknown-filter';

export interface PeriodError {
  code: PeriodErrorCode;
  /** The input field at fault: period, value, from, to, caseType, category, channel. */
  field: string;
  message: Record<Language, string>;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: PeriodError };

const MONTHS: Record<Language, string[]> = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

const DATE = /^([1-9]\d{3})-(\d{2})-(\d{2})$/;
const MONTH = /^([1-9]\d{3})-(\d{2})$/;
const QUARTER = /^([1-9]\d{3})-[QqKk]([1-4])$/;
const YEAR = /^([1-9]\d{3})$/;

const fail = (code: PeriodErrorCode, field: string, nl: string, en: string): { ok: false; error: PeriodError } =>
  ({ ok: false, error: { code, field, message: { nl, en } } });

/** Whether `date` is a real calendar date written as yyyy-MM-dd (not 2026-02-30). */
export function isDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === date;
}

/** 00:00 Amsterdam time on `date` (yyyy-MM-dd): one millisecond after the end of the day before. */
export function startOfAmsterdamDay(date: string): Date {
  return new Date(endOfAmsterdamDay(addDaysToDate(date, -1)).getTime() + 1);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The last date of a month (1-12). */
function lastOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

function formatDay(date: string, language: Language): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[language][m - 1]} ${y}`;
}

function build(kind: Period['kind'], value: string, from: string, to: string, label: Record<Language, string>): Period {
  return { kind, value, from, to, startsAt: startOfAmsterdamDay(from), endsBefore: startOfAmsterdamDay(addDaysToDate(to, 1)), label };
}

export function monthPeriod(year: number, month: number): Period {
  const value = `${year}-${pad(month)}`;
  return build('month', value, `${value}-01`, lastOfMonth(year, month), {
    nl: `${MONTHS.nl[month - 1]} ${year}`,
    en: `${MONTHS.en[month - 1]} ${year}`,
  });
}

export function quarterPeriod(year: number, quarter: number): Period {
  const first = (quarter - 1) * 3 + 1;
  return build('quarter', `${year}-Q${quarter}`, `${year}-${pad(first)}-01`, lastOfMonth(year, first + 2), {
    nl: `${quarter}e kwartaal ${year}`,
    en: `Q${quarter} ${year}`,
  });
}

export function yearPeriod(year: number): Period {
  return build('year', String(year), `${year}-01-01`, `${year}-12-31`, { nl: String(year), en: String(year) });
}

/** The period from `from` to `to` (valid dates, from <= to; not checked here: see parsePeriod). */
export function rangePeriod(from: string, to: string): Period {
  return build('range', `${from}/${to}`, from, to, {
    nl: `${formatDay(from, 'nl')} t/m ${formatDay(to, 'nl')}`,
    en: `${formatDay(from, 'en')} to ${formatDay(to, 'en')}`,
  });
}

/** The last date that a period starting on `from` may end on: five years, less one day. */
function latestEnd(from: string): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  // 29 February + 5 years rolls over to 1 March; the day before is 28 February.
  return addDaysToDate(new Date(Date.UTC(y + MAX_PERIOD_YEARS, m - 1, d)).toISOString().slice(0, 10), -1);
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/**
 * A period from what a person asked for: `{ period, value }` or `{ from, to }` (strings from a
 * query string or the command line; other fields are ignored here).
 */
export function parsePeriod(input: PeriodRequest | Record<string, unknown>): Parsed<Period> {
  const raw = input as Record<string, unknown>;
  for (const field of ['period', 'value', 'from', 'to']) {
    if (raw[field] !== undefined && typeof raw[field] !== 'string') {
      return fail('invalid-value', field, `Geef "${field}" één keer op, als tekst.`, `Give "${field}" once, as text.`);
    }
  }
  const [period, value, from, to] = [text(raw.period), text(raw.value), text(raw.from), text(raw.to)];
  if ((period !== undefined || value !== undefined) && (from !== undefined || to !== undefined)) {
    return fail('ambiguous-period', 'period',
      'Geef óf een periode (maand, kwartaal of jaar) óf een begin- en einddatum, niet allebei.',
      'Give either a period (month, quarter or year) or a start and end date, not both.');
  }
  if (period !== undefined || value !== undefined) {
    if (period === undefined) {
      return fail('missing-period', 'period', 'Zeg welke soort periode: maand, kwartaal of jaar.',
        'Say which kind of period: month, quarter or year.');
    }
    if (!kindNl(period)) return parseNamedPeriod(period, value ?? '');
    if (value === undefined) {
      return fail('missing-period', 'value', `Zeg welke ${kindNl(period) ?? 'periode'}, bijvoorbeeld ${example(period)}.`,
        `Say which ${kindEn(period) ?? 'period'}, for example ${example(period)}.`);
    }
    return parseNamedPeriod(period, value);
  }
  if (from === undefined && to === undefined) {
    return fail('missing-period', 'period',
      'Kies een periode: een maand, kwartaal of jaar, of een begin- en einddatum.',
      'Choose a period: a month, quarter or year, or a start and end date.');
  }
  if (from === undefined || to === undefined) {
    const field = from === undefined ? 'from' : 'to';
    return fail('missing-period', field,
      `De ${field === 'from' ? 'begindatum' : 'einddatum'} ontbreekt (jjjj-mm-dd).`,
      `The ${field === 'from' ? 'start' : 'end'} date is missing (yyyy-mm-dd).`);
  }
  for (const [field, date] of [['from', from], ['to', to]] as const) {
    if (!isDate(date)) {
      return fail('invalid-date', field,
        `"${date}" is geen geldige datum; schrijf die als jjjj-mm-dd, bijvoorbeeld 2026-10-01.`,
        `"${date}" is not a valid date; write it as yyyy-mm-dd, for example 2026-10-01.`);
    }
  }
  if (from > to) {
    return fail('from-after-to', 'from', `De begindatum (${from}) ligt na de einddatum (${to}).`,
      `The start date (${from}) is after the end date (${to}).`);
  }
  if (to > latestEnd(from)) {
    return fail('too-long', 'to',
      `De periode ${from} t/m ${to} is langer dan ${MAX_PERIOD_YEARS} jaar; kies een kortere periode (uiterlijk t/m ${latestEnd(from)}).`,
      `The period ${from} to ${to} is longer than ${MAX_PERIOD_YEARS} years; choose a shorter one (ending ${latestEnd(from)} at the latest).`);
  }
  return { ok: true, value: rangePeriod(from, to) };
}

function kindNl(kind: string): string | undefined {
  return ({ month: 'maand', quarter: 'kwartaal', year: 'jaar' } as Record<string, string>)[kind];
}
function kindEn(kind: string): string | undefined {
  return ({ month: 'month', quarter: 'quarter', year: 'year' } as Record<string, string>)[kind];
}
function example(kind: string): string {
  return ({ month: '2026-10', quarter: '2026-Q4', year: '2026' } as Record<string, string>)[kind] ?? '2026-10';
}

function parseNamedPeriod(kind: string, value: string): Parsed<Period> {
  const invalid = (nl: string, en: string) => fail('invalid-value', 'value',
    `"${value}" is geen ${kindNl(kind)}; schrijf ${nl}, bijvoorbeeld ${example(kind)}.`,
    `"${value}" is not a ${kindEn(kind)}; write ${en}, for example ${example(kind)}.`);
  switch (kind) {
    case 'month': {
      const m = MONTH.exec(value);
      const month = m ? Number(m[2]) : 0;
      if (!m || month < 1 || month > 12) return invalid('die als jjjj-mm', 'it as yyyy-mm');
      return { ok: true, value: monthPeriod(Number(m[1]), month) };
    }
    case 'quarter': {
      const m = QUARTER.exec(value);
      if (!m) return invalid('het als jjjj-Qn (n is 1 t/m 4)', 'it as yyyy-Qn (n from 1 to 4)');
      return { ok: true, value: quarterPeriod(Number(m[1]), Number(m[2])) };
    }
    case 'year': {
      const m = YEAR.exec(value);
      if (!m) return invalid('het als jjjj', 'it as yyyy');
      return { ok: true, value: yearPeriod(Number(m[1])) };
    }
    default:
      return fail('unknown-period', 'period', `Onbekende soort periode "${kind}": kies maand (month), kwartaal (quarter) of jaar (year).`,
        `Unknown kind of period "${kind}": choose month, quarter or year.`);
  }
}

/** The filters of a request: caseType, category, channel; each absent or one of the known values. */
export function parseFilters(input: Record<string, unknown>): Parsed<AnalysisFilters> {
  const filters: AnalysisFilters = {};
  const checks: [keyof AnalysisFilters, readonly string[], string, string][] = [
    ['caseType', CASE_TYPES, 'Onbekende soort melding', 'case type'],
    ['category', CATEGORY_KEYS, 'Onbekende categorie', 'category'],
    ['channel', CHANNELS, 'Onbekend kanaal', 'channel'],
  ];
  for (const [field, allowed, nl, en] of checks) {
    const raw = input[field];
    if (raw === undefined || raw === '') continue;
    if (typeof raw !== 'string' || !allowed.includes(raw)) {
      const shown = typeof raw === 'string' ? raw : String(raw);
      return fail('unknown-filter', field,
        `${nl} "${shown}"; kies uit: ${allowed.join(', ')}.`,
        `Unknown ${en} "${shown}"; choose from: ${allowed.join(', ')}.`);
    }
    (filters as Record<string, string>)[field] = raw;
  }
  return { ok: true, value: filters };
}

/** The period and filters of a request, e.g. a query string `?period=month&value=2026-10&channel=web`. */
export function parseAnalysisRequest(input: Record<string, unknown>): Parsed<{ period: Period; filters: AnalysisFilters }> {
  const period = parsePeriod(input);
  if (!period.ok) return period;
  const filters = parseFilters(input);
  if (!filters.ok) return filters;
  return { ok: true, value: { period: period.value, filters: filters.value } };
}

/** The request that gives `period` again (for links and forms). */
export function periodRequest(period: Period): PeriodRequest {
  return period.kind === 'range' ? { from: period.from, to: period.to } : { period: period.kind, value: period.value };
}

/** The month, quarter or year that contains the Amsterdam date of `at`. */
export function periodContaining(kind: PeriodKind, at: Date): Period {
  const [y, m] = amsterdamDate(at).split('-').map(Number) as [number, number];
  if (kind === 'month') return monthPeriod(y, m);
  if (kind === 'quarter') return quarterPeriod(y, Math.floor((m - 1) / 3) + 1);
  return yearPeriod(y);
}

/**
 * The period a scheduled report covers when it runs at `at`: the whole month, quarter or year
 * before the one in which `at` falls (Amsterdam time). At 1 December 2026 07:00 Amsterdam,
 * monthly: November 2026; quarterly: Q3 2026; yearly: 2025.
 */
export function periodJustEnded(frequency: Frequency, at: Date): Period {
  const kind: PeriodKind = frequency === 'monthly' ? 'month' : frequency === 'quarterly' ? 'quarter' : 'year';
  const current = periodContaining(kind, at);
  return periodContaining(kind, new Date(current.startsAt.getTime() - 1));
}

/** The 12 months that end with the month in which `period` ends, oldest first (for trend charts). */
export function trendMonths(period: Period): Period[] {
  const [y, m] = period.to.split('-').map(Number) as [number, number];
  const months: Period[] = [];
  for (let i = 11; i >= 0; i--) {
    const index = y * 12 + (m - 1) - i;
    months.push(monthPeriod(Math.floor(index / 12), (index % 12) + 1));
  }
  return months;
}

/** A month by its value (`2026-10`); a RangeError for anything else. */
export function monthOf(value: string): Period {
  const parsed = parseNamedPeriod('month', value);
  if (!parsed.ok) throw new RangeError(parsed.error.message.en);
  return parsed.value;
}

/** Labels of the filter values, for headings. */
export function filterLabels(filters: AnalysisFilters, language: Language): string[] {
  const types = { complaint: { nl: 'klachten', en: 'complaints' }, feedback: { nl: 'feedback', en: 'feedback' } };
  const channels = { web: { nl: 'webformulier', en: 'web form' }, phone: { nl: 'telefoon', en: 'phone' } };
  return [
    ...(filters.caseType ? [types[filters.caseType][language]] : []),
    ...(filters.category ? [CATEGORIES[filters.category][language]] : []),
    ...(filters.channel ? [channels[filters.channel][language]] : []),
  ];
}
