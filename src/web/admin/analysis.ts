/**
 * Analyse (procedure promise 5: continuous analysis of content and handling): the figures of a
 * period (month, quarter, year or two dates) within the filters type, category and channel, each
 * with its exact definition; the trend over twelve months and the root causes as server-rendered
 * SVG, each beside a table with the same numbers; and the cases of the period as CSV.
 *
 * Team leads, coordinators and administrators follow every count to the case list filtered to
 * exactly the cases behind it. A governance body's member (role `governance`) sees the same
 * numbers without links and without the CSV: aggregates only, never a case.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { Express, Request, Response } from 'express';
import { caseFilterQueryString, type AnalysisCaseFilter } from '../../analysis/caseFilter';
import { paretoChart, trendChart } from '../../analysis/charts';
import { CSV_OPTIONS, csvHeader, csvRow } from '../../analysis/csv';
import { FIGURE_DEFINITIONS, FIGURE_TITLES, GENERAL_DEFINITION, PART_LABELS, type FigureName } from '../../analysis/definitions';
import {
  computeFigures,
  monthlyTrend,
  periodFilter,
  type ActionCount,
  type Count,
  type Figures,
  type MonthlyTrend,
  type Share,
  type Stat,
} from '../../analysis/figures';
import { formatNumber, formatPercent, formatPercentValue, SECTION_TITLES, type SectionKey } from '../../analysis/format';
import {
  CASE_TYPES,
  CHANNELS,
  filterLabels,
  parseAnalysisRequest,
  periodContaining,
  periodRequest,
  type AnalysisFilters,
  type Period,
  type PeriodError,
} from '../../analysis/period';
import { exportCases } from '../../db/analysisExport';
import { currentRules } from '../../db/settings';
import { audit } from '../../db/staff';
import type { Language } from '../../domain/case';
import { CATEGORY_KEYS, categoryLabel } from '../../domain/categories';
import { can } from '../../domain/staff';
import { formatDateTime } from '../../i18n/dates';
import { t, tn, type MessageKey, type PluralKey } from '../../i18n/messages';
import { logger } from '../../logger';
import { languageOf, type AdminContext } from './context';
import { asTypedAgain } from '../../domain/text';

type Query = Record<string, unknown>;

const NAMED_KINDS = ['month', 'quarter', 'year'] as const;
const KINDS = [...NAMED_KINDS, 'range'] as const;

const given = (v: unknown) => v !== undefined && v !== '';
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * What the form or a link asks for, as parseAnalysisRequest takes it. The form sends the kind of
 * period (`period`: month, quarter, year or range) and an input per kind (`month`, `quarter`,
 * `year`, `from` and `to`), all of them, so the kind decides which count; a link may give the
 * value itself (`period=month&value=2026-10`, or `from` and `to`). Nothing asked: the current month.
 */
export function analysisRequest(query: Query, now: Date): Query {
  const filters = { caseType: query.caseType, category: query.category, channel: query.channel };
  const kind = query.period;
  if (kind === 'range') return { from: query.from, to: query.to, ...filters };
  if (NAMED_KINDS.includes(kind as 'month')) {
    return { period: kind, value: given(query.value) ? query.value : query[kind as string], ...filters };
  }
  if (!given(kind)) {
    if (given(query.from) || given(query.to)) return { from: query.from, to: query.to, ...filters };
    if (!given(query.value)) return { period: 'month', value: periodContaining('month', now).value, ...filters };
  }
  // An unknown kind, a kind given twice, or a value without a kind: the parser says what is wrong.
  return { period: kind, value: query.value, ...filters };
}

// -------------------------------------------------------------------------------------------------
// The view: values as runs of text and links

/** A piece of a value: text, or a number that links to the cases behind it. */
interface Seg { text: string; href?: string }

interface TableView {
  caption: string;
  columns: string[];
  rows: { head: string; cells: Seg[][] }[];
}

interface CardView {
  id: string;
  title: string;
  definition: string;
  value: Seg[];
  lines: Seg[][];
  tables: TableView[];
  wide?: boolean;
}

interface ChartView {
  id: string;
  title: string;
  /** The table under the chart rather than beside it (a wide table). */
  stacked?: boolean;
  svg: string;
  table: TableView;
}

interface SectionView {
  id: string;
  title: string;
  cards: CardView[];
  charts: ChartView[];
}

class View {
  constructor(private readonly l: Language, private readonly links: boolean) {}

  w(key: MessageKey, vars?: Record<string, string | number>): string {
    return t(this.l, key, vars);
  }

  /** A word after a count, in the count's plural form ("1 zaak", "4 zaken"). */
  wn(key: PluralKey, count: number | null | undefined): string {
    return tn(this.l, key, typeof count === 'number' ? count : 0);
  }

  text(text: string): Seg {
    return { text };
  }

  href(filter: AnalysisCaseFilter | null): string | undefined {
    if (!this.links || filter === null) return undefined;
    return `/admin/zaken?${caseFilterQueryString(filter)}${this.l === 'en' ? '&lang=en' : ''}`;
  }

  count(c: Count): Seg {
    return { text: formatNumber(c.n, this.l), href: this.href(c.filter) };
  }

  /** "80% (4 van 5)", each number a link. */
  share(s: Share): Seg[] {
    return [this.text(`${formatPercent(s, this.l)} (`), this.count(s.numerator), this.text(` ${this.w('admin.analysis.measured')} `),
      this.count(s.denominator), this.text(')')];
  }

  percent(s: Share): Seg {
    return this.text(formatPercent(s, this.l));
  }

  /** "4 van 5 zaken". */
  shareCounts(s: Share): Seg[] {
    return [this.count(s.numerator), this.text(` ${this.w('admin.analysis.measured')} `), this.count(s.denominator),
      this.text(` ${this.wn('admin.analysis.caseWord', s.denominator.n)}`)];
  }

  table(caption: string, columns: string[], rows: { head: string; cells: Seg[][] }[]): TableView {
    return { caption, columns, rows };
  }

  card(name: FigureName, o: { value: Seg[]; lines?: Seg[][]; tables?: TableView[]; wide?: boolean; title?: string }): CardView {
    return {
      id: `figure-${name}`,
      title: o.title ?? FIGURE_TITLES[name][this.l],
      definition: FIGURE_DEFINITIONS[name][this.l],
      value: o.value,
      lines: o.lines ?? [],
      tables: o.tables ?? [],
      wide: o.wide,
    };
  }

  stat(s: Stat): Seg[][] {
    return [[this.text(formatNumber(s.median, this.l))], [this.text(formatNumber(s.p90, this.l))], [this.count(s.cases)]];
  }

  actions(a: ActionCount): Seg[][] {
    return [[this.text(formatNumber(a.n, this.l))], [{ text: formatNumber(a.cases, this.l), href: this.href(a.filter) }]];
  }
}

function sections(f: Figures, trend: MonthlyTrend, l: Language, links: boolean): SectionView[] {
  const v = new View(l, links);
  const w = (key: MessageKey, vars?: Record<string, string | number>) => v.w(key, vars);
  const months = trend.months;
  const range = { from: months[0]?.label[l] ?? '', to: months[months.length - 1]?.label[l] ?? '' };
  const section = (key: SectionKey, cards: CardView[], charts: ChartView[] = []): SectionView =>
    ({ id: `section-${key}`, title: SECTION_TITLES[l][key], cards, charts });
  const pct = (s: Share) => (typeof s.percent === 'number' ? s.percent : null);

  const volume = section('volume', [
    v.card('received', {
      value: [v.count(f.received.total)],
      wide: true,
      tables: [
        v.table(w('admin.analysis.byType'), [w('admin.analysis.caseType'), w('admin.analysis.count')],
          CASE_TYPES.map((k) => ({ head: PART_LABELS.caseType[k][l], cells: [[v.count(f.received.byType[k])]] }))),
        v.table(w('admin.analysis.byChannel'), [w('admin.analysis.channel'), w('admin.analysis.count')],
          CHANNELS.map((k) => ({ head: PART_LABELS.channel[k][l], cells: [[v.count(f.received.byChannel[k])]] }))),
        v.table(w('admin.analysis.byCategory'), [w('admin.analysis.category'), w('admin.analysis.count')],
          CATEGORY_KEYS.map((k) => ({ head: categoryLabel(k, l), cells: [[v.count(f.received.byCategory[k])]] }))),
      ],
    }),
  ], [{
    id: 'chart-received',
    title: w('admin.analysis.receivedPerMonth'),
    svg: trendChart({
      title: w('admin.analysis.receivedPerMonth'), description: w('admin.analysis.receivedChartDesc', range), language: l,
      id: 'analysis-received', unit: 'count', showTitle: false, months: months.map((m) => m.month),
      series: [{ name: FIGURE_TITLES.received[l], values: months.map((m) => m.received.total.n) }],
    }),
    table: v.table(w('admin.analysis.tableOf', { title: w('admin.analysis.receivedPerMonth') }),
      [w('admin.analysis.month'), w('admin.analysis.total'), PART_LABELS.caseType.complaint[l], PART_LABELS.caseType.feedback[l]],
      months.map((m) => ({
        head: m.label[l],
        cells: [[v.count(m.received.total)], [v.count(m.received.complaint)], [v.count(m.received.feedback)]],
      }))),
  }]);

  const typeRows = (pick: (key: 'all' | 'complaint' | 'feedback') => Seg[][]) =>
    (['all', 'complaint', 'feedback'] as const).map((k) => ({
      head: k === 'all' ? w('admin.analysis.all') : PART_LABELS.caseType[k][l], cells: pick(k),
    }));
  const statColumns = [w('admin.analysis.caseType'), w('admin.analysis.median'), w('admin.analysis.p90'), w('admin.analysis.cases')];
  const wd = (n: number | null) => v.wn('admin.analysis.workingDays', n);
  const statValue = (s: Stat): Seg[] => [v.text(`${w('admin.analysis.median')} ${formatNumber(s.median, l)} ${wd(s.median)}`)];
  const statLine = (s: Stat): Seg[] => [v.text(`${w('admin.analysis.p90')} ${formatNumber(s.p90, l)} ${wd(s.p90)}, ${w('admin.analysis.over')} `),
    v.count(s.cases), v.text(` ${v.wn('admin.analysis.caseWord', s.cases.n)}`)];

  const timeliness = section('timeliness', [
    v.card('confirmedWithin24h', { value: [v.percent(f.confirmedWithin24h)], lines: [v.shareCounts(f.confirmedWithin24h)] }),
    v.card('responseWithin5WorkingDays', {
      value: [v.percent(f.responseWithin5WorkingDays.all)],
      lines: [v.shareCounts(f.responseWithin5WorkingDays.all)],
      tables: [v.table(w('admin.analysis.byType'), [w('admin.analysis.caseType'), w('admin.analysis.inTime')],
        typeRows((k) => [v.share(f.responseWithin5WorkingDays[k])]).slice(1))],
    }),
    v.card('settledWithin34WorkingDays', {
      value: [v.percent(f.settledWithin34WorkingDays)], lines: [v.shareCounts(f.settledWithin34WorkingDays)],
    }),
    v.card('workingDaysToResponse', {
      value: statValue(f.workingDaysToResponse.all),
      lines: [statLine(f.workingDaysToResponse.all)],
      tables: [v.table(w('admin.analysis.byType'), statColumns, typeRows((k) => v.stat(f.workingDaysToResponse[k])).slice(1))],
    }),
    v.card('workingDaysToSettlement', {
      value: statValue(f.workingDaysToSettlement), lines: [statLine(f.workingDaysToSettlement)],
    }),
    v.card('openByAge', {
      value: [v.count(f.openByAge.total)],
      tables: [v.table(w('admin.analysis.byAge'), [w('admin.analysis.age'), w('admin.analysis.count')],
        f.openByAge.buckets.map((b) => ({ head: b.label[l], cells: [[v.count(b.cases)]] })))],
    }),
    v.card('breaches', {
      value: [v.count(f.breaches.any)],
      wide: true,
      tables: [v.table(w('admin.analysis.byMilestone'), [w('admin.analysis.milestone'), w('admin.analysis.count')],
        Object.entries(f.breaches.byMilestone).map(([k, c]) => ({
          head: PART_LABELS.breach[k as keyof typeof PART_LABELS.breach][l], cells: [[v.count(c)]],
        })))],
    }),
  ], [{
    id: 'chart-in-time',
    title: w('admin.analysis.inTimePerMonth'),
    stacked: true,
    svg: trendChart({
      title: w('admin.analysis.inTimePerMonth'), description: w('admin.analysis.inTimeChartDesc', range), language: l,
      id: 'analysis-in-time', unit: 'percent', showTitle: false, width: 900, months: months.map((m) => m.month),
      series: [
        { name: FIGURE_TITLES.confirmedWithin24h[l], values: months.map((m) => pct(m.confirmedWithin24h)) },
        { name: FIGURE_TITLES.responseWithin5WorkingDays[l], values: months.map((m) => pct(m.responseWithin5WorkingDays.all)) },
        { name: FIGURE_TITLES.settledWithin34WorkingDays[l], values: months.map((m) => pct(m.settledWithin34WorkingDays)) },
      ],
    }),
    table: v.table(w('admin.analysis.tableOf', { title: w('admin.analysis.inTimePerMonth') }),
      [w('admin.analysis.month'), FIGURE_TITLES.confirmedWithin24h[l], FIGURE_TITLES.responseWithin5WorkingDays[l],
        FIGURE_TITLES.settledWithin34WorkingDays[l]],
      months.map((m) => ({
        head: m.label[l],
        cells: [v.share(m.confirmedWithin24h), v.share(m.responseWithin5WorkingDays.all), v.share(m.settledWithin34WorkingDays)],
      }))),
  }]);

  const items = f.rootCauses.items;
  const outcomes = section('outcomes', [
    v.card('justified', {
      value: [v.count(f.justified.assessed)],
      lines: [[v.text(`${w('admin.analysis.notAssessed')}: `), v.count(f.justified.notAssessed)]],
      tables: [v.table(w('admin.analysis.byJudgement'), [w('admin.analysis.judgement'), w('admin.analysis.share')],
        Object.entries(f.justified.shares).map(([k, s]) => ({
          head: PART_LABELS.justified[k as keyof typeof PART_LABELS.justified][l], cells: [v.share(s)],
        })))],
    }),
    v.card('objections', {
      value: [v.percent(f.objections.objected)],
      lines: [
        [v.text(`${w('admin.analysis.objected')}: `), ...v.shareCounts(f.objections.objected)],
        [v.text(`${w('admin.analysis.upheld')}: `), ...v.share(f.objections.upheld)],
      ],
    }),
    v.card('complex', { value: [v.percent(f.complex)], lines: [v.shareCounts(f.complex)] }),
    v.card('rootCauses', {
      value: [v.count(f.rootCauses.recorded)],
      lines: [[v.text(`${w('admin.analysis.rootNotRecorded')}: `), v.count(f.rootCauses.notRecorded)]],
    }),
  ], [{
    id: 'chart-pareto',
    title: w('admin.analysis.paretoTitle'),
    svg: paretoChart({
      title: w('admin.analysis.paretoTitle'), description: w('admin.analysis.paretoChartDesc'), language: l, id: 'analysis-pareto',
      showTitle: false, categories: items.map((i) => ({ label: i.label[l], count: i.cases.n })),
    }),
    table: v.table(w('admin.analysis.tableOf', { title: w('admin.analysis.paretoTitle') }),
      [w('admin.analysis.rootCause'), w('admin.analysis.count'), w('admin.analysis.share'), w('admin.analysis.cumulative')],
      items.map((i) => ({
        head: i.label[l],
        cells: [[v.count(i.cases)], [v.text(formatPercentValue(i.percent, l))], [v.text(formatPercentValue(i.cumulativePercent, l))]],
      }))),
  }]);

  const s = f.satisfaction;
  const customers = section('customers', [
    v.card('repeatComplainants', { value: [v.percent(f.repeatComplainants)], lines: [v.shareCounts(f.repeatComplainants)] }),
    v.card('satisfaction', {
      value: [v.text(`${formatNumber(s.average.value, l)} / 5`)],
      lines: [
        [v.text(`${w('admin.analysis.averageOver')} `), v.count(s.average.cases), v.text(` ${v.wn('admin.analysis.caseWord', s.average.cases.n)}`)],
        [v.text(`${w('admin.analysis.responseRate')}: `), ...v.share(s.responseRate)],
      ],
      tables: [v.table(w('admin.analysis.byScore'), [w('admin.analysis.score'), w('admin.analysis.count')],
        Object.entries(s.distribution).map(([score, c]) => ({ head: score, cells: [[v.count(c)]] })))],
    }),
  ]);

  const a = f.improvementActions;
  const improvements = section('improvements', [
    v.card('improvementActions', {
      value: [v.text(`${formatNumber(a.open.n, l)} ${w('admin.analysis.openSuffix')}`)],
      lines: [[v.text(`${w('admin.analysis.actionsOn')} `), { text: formatNumber(a.open.cases, l), href: v.href(a.open.filter) },
        v.text(` ${v.wn('admin.analysis.caseWord', a.open.cases)}`)]],
      tables: [v.table(w('admin.analysis.openAndOverdue'), [w('admin.analysis.state'), w('admin.analysis.actions'), w('admin.analysis.cases')], [
        { head: w('admin.analysis.open'), cells: v.actions(a.open) },
        { head: w('admin.analysis.overdue'), cells: v.actions(a.overdue) },
      ])],
    }),
  ]);

  return [volume, timeliness, outcomes, customers, improvements];
}

// -------------------------------------------------------------------------------------------------
// The form

interface Option { value: string; label: string; selected: boolean }

function formView(query: Query, l: Language, now: Date, period: Period | undefined, error: PeriodError | undefined) {
  const kind = period?.kind ?? (given(query.period) ? str(query.period) : given(query.from) || given(query.to) ? 'range' : 'month');
  const valueOf = (k: (typeof NAMED_KINDS)[number]) => str(query[k])
    ?? (period?.kind === k ? period.value : undefined)
    ?? (query.period === k ? str(query.value) : undefined)
    ?? periodContaining(k, now).value;
  const month = periodContaining('month', now);
  const options = (field: string, values: readonly string[], label: (v: string) => string): Option[] =>
    values.map((value) => ({ value, label: label(value), selected: query[field] === value }));
  // Where the reason shows: the period's fieldset, or the filter at fault.
  const group = error && ['period', 'value', 'from', 'to'].includes(error.field) ? 'period' : error?.field;
  const invalid = error?.field === 'value' ? (NAMED_KINDS.includes(kind as 'month') ? kind : undefined) : error?.field;
  return {
    kinds: KINDS.map((k) => ({ value: k, label: t(l, `admin.analysis.kind.${k}`), checked: k === kind })),
    month: valueOf('month'),
    // Text fields that show what was asked for, as a one-line field can.
    quarter: asTypedAgain(valueOf('quarter')),
    year: asTypedAgain(valueOf('year')),
    from: str(query.from) ?? period?.from ?? month.from,
    to: str(query.to) ?? period?.to ?? month.to,
    caseTypes: options('caseType', CASE_TYPES, (k) => PART_LABELS.caseType[k as 'complaint'][l]),
    categories: options('category', CATEGORY_KEYS, (k) => categoryLabel(k, l)),
    channels: options('channel', CHANNELS, (k) => PART_LABELS.channel[k as 'web'][l]),
    error: error ? {
      message: error.message[l],
      // The first control of the group: what the summary's link moves to.
      target: group === 'period' ? (invalid && invalid !== 'period' ? invalid : `period-${KINDS.includes(kind as 'month') ? kind : 'month'}`) : error.field,
      group,
      invalid,
    } : undefined,
  };
}

// -------------------------------------------------------------------------------------------------
// The routes

function filename(period: Period, filters: AnalysisFilters): string {
  const parts = ['klachtflow', 'analyse', period.value.replace('/', '_'), ...Object.values(filters)];
  return `${parts.join('-')}.csv`;
}

export function mountAnalysis(app: Express, ctx: AdminContext): void {
  const { sql, adminPage, need, forbidden, ip } = ctx;

  function renderInvalid(req: Request, res: Response, error: PeriodError, now: Date) {
    const lang = languageOf(req);
    adminPage(req, res, 'admin/analysis', {
      title: t(lang, 'admin.analysis.title'),
      links: can(req.staff!.role, 'cases.view'),
      form: formView(req.query as Query, lang, now, undefined, error),
    }, 400);
  }

  app.get('/admin/analyse', need('analysis.view'), async (req, res, next) => {
    try {
      const lang = languageOf(req);
      const now = new Date();
      const query = req.query as Query;
      const parsed = parseAnalysisRequest(analysisRequest(query, now));
      if (!parsed.ok) return renderInvalid(req, res, parsed.error, now);
      const { period, filters } = parsed.value;
      const { calendar } = await currentRules(sql);
      const [figures, trend] = await Promise.all([
        computeFigures(sql, calendar, period, filters, now),
        monthlyTrend(sql, calendar, period, filters, now),
      ]);
      const links = can(req.staff!.role, 'cases.view');
      const csvQuery = new URLSearchParams({ ...periodRequest(period), ...filters, ...(lang === 'en' ? { lang } : {}) } as Record<string, string>);
      adminPage(req, res, 'admin/analysis', {
        title: t(lang, 'admin.analysis.title'),
        links,
        form: formView(query, lang, now, period, undefined),
        heading: [period.label[lang], ...filterLabels(filters, lang)].join(' · '),
        asOf: t(lang, 'admin.analysis.asOf', { at: formatDateTime(now, lang) }),
        general: GENERAL_DEFINITION[lang],
        sections: sections(figures, trend, lang, links),
        csvHref: links ? `/admin/analyse/export.csv?${csvQuery}` : undefined,
        whatIfHref: can(req.staff!.role, 'policy.whatIf')
          ? `/admin/analyse/wat-als?${new URLSearchParams({ from: period.from, to: period.to, ...(lang === 'en' ? { lang } : {}) })}` : undefined,
      });
    } catch (err) {
      next(err);
    }
  });

  /** The cases of the period as CSV: it lists references, so only for those who may see cases. */
  app.get('/admin/analyse/export.csv', need('analysis.view'), async (req, res, next) => {
    if (!can(req.staff!.role, 'cases.view')) return forbidden(req, res);
    try {
      const lang = languageOf(req);
      const now = new Date();
      const parsed = parseAnalysisRequest(analysisRequest(req.query as Query, now));
      if (!parsed.ok) return renderInvalid(req, res, parsed.error, now);
      const { period, filters } = parsed.value;
      await audit(sql, { staff: req.staff!, action: 'analysis.export', ip: ip(req), detail: { period: period.value, ...filters } });
      res.status(200).set({
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${filename(period, filters)}"`,
        'Cache-Control': 'no-store',
      });
      const filter = periodFilter(period, filters);
      async function* records() {
        yield csvHeader(lang);
        for await (const batch of exportCases(sql, filter)) {
          for (const c of batch) yield csvRow(c, lang);
        }
      }
      await pipeline(Readable.from(records()), stringify(CSV_OPTIONS), res);
    } catch (err) {
      if (!res.headersSent) return next(err);
      // Halfway through the file: all that is left is to end it broken, so it is not taken for whole.
      logger.warn({ err }, 'the CSV export stopped halfway');
      res.destroy();
    }
  });
}
