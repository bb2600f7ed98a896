/**
 * `npm run report -- --from 2026-10-01 --to 2026-12-31 [--json] [--type complaint|feedback]
 *   [--category <key>] [--channel web|phone] [--as-of <ISO instant>] [--exact]`
 * (or `--month 2026-10`, `--quarter 2026-Q4`, `--year 2026` instead of --from/--to)
 *
 * Prints every figure of the analysis (src/analysis/figures.ts) over the cases received in the
 * period: a Dutch table with the definitions below it, or with --json one object whose keys are
 * the figure names. As in the governance report, every count from 1 to 4 shows as "< 5" (and so
 * does what is built on it); --exact shows the exact numbers. The figures are judged now, or at
 * --as-of. Needs DATABASE_URL; uses the calendar of the administrators' settings.
 *
 * Exit codes: 0 figures printed (also for a period without cases); 2 bad input, with the reason;
 * 1 anything else (no database ...).
 */
import { parseArgs } from 'node:util';
import { CATEGORIES, type Category } from '../domain/categories';
import {
  FIGURE_DEFINITIONS,
  FIGURE_NAMES,
  FIGURE_TITLES,
  GENERAL_DEFINITION,
  SMALL_CELL,
  computeFigures,
  plainFigures,
  suppressSmallCells,
  type Count,
  type Figures,
  type Share,
  type SmallCell,
  type Stat,
} from '../analysis/figures';
import { PART_LABELS } from '../analysis/definitions';
import { filterLabels, parseAnalysisRequest, type AnalysisFilters, type Period } from '../analysis/period';
import { currentRules } from '../db/settings';
import { runDatabaseCommand, UsageError } from './databaseCommand';
import { formatDateTime } from '../i18n/dates';

const USAGE = 'usage: npm run report -- (--from <yyyy-mm-dd> --to <yyyy-mm-dd> | --month <yyyy-mm> | --quarter <yyyy-Qn> | --year <yyyy>)\n'
  + '         [--type complaint|feedback] [--category <key>] [--channel web|phone] [--as-of <ISO 8601 instant>] [--exact] [--json]';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export { UsageError };

export interface ReportRequest {
  period: Period;
  filters: AnalysisFilters;
  asOf: Date;
  json: boolean;
  exact: boolean;
}

/** The request of the command line; a UsageError with the reason (Dutch, then English) for bad input. */
export function parseReportArgs(argv: string[], now: Date = new Date()): ReportRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        month: { type: 'string' },
        quarter: { type: 'string' },
        year: { type: 'string' },
        type: { type: 'string' },
        category: { type: 'string' },
        channel: { type: 'string' },
        'as-of': { type: 'string' },
        exact: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const o = parsed.values;
  const named = (['month', 'quarter', 'year'] as const).filter((k) => o[k] !== undefined);
  if (named.length > 1) {
    throw new UsageError('Geef één periode: --month, --quarter of --year, of --from en --to. (Give one period.)');
  }
  const input: Record<string, unknown> = {
    ...(named[0] ? { period: named[0], value: o[named[0]] } : {}),
    ...(o.from !== undefined ? { from: o.from } : {}),
    ...(o.to !== undefined ? { to: o.to } : {}),
    caseType: o.type,
    category: o.category,
    channel: o.channel,
  };
  const request = parseAnalysisRequest(input);
  if (!request.ok) throw new UsageError(`${request.error.message.nl} (${request.error.message.en})`);
  let asOf = now;
  if (o['as-of'] !== undefined) {
    if (!INSTANT.test(o['as-of']) || Number.isNaN(Date.parse(o['as-of']))) {
      throw new UsageError(`"${o['as-of']}" is geen tijdstip met tijdzone, zoals 2026-12-01T07:00:00+01:00. `
        + '(Not an ISO 8601 instant with an offset.)');
    }
    asOf = new Date(o['as-of']);
  }
  return { ...request.value, asOf, json: o.json ?? false, exact: o.exact ?? false };
}

// -------------------------------------------------------------------------------------------------
// The Dutch table

type Cell = number | SmallCell;
const nl = new Intl.NumberFormat('nl-NL', { maximumFractionDigits: 1 });
const number = (v: Cell | null) => (v === null ? 'geen gegevens' : typeof v === 'number' ? nl.format(v) : v);
const percent = (v: number | null | SmallCell) => (v === null ? 'geen gegevens' : typeof v === 'number' ? `${nl.format(v)}%` : v);
const count = (c: Count<SmallCell>) => number(c.n);
const share = (s: Share<SmallCell>) => (s.denominator.n === 0
  ? 'geen gegevens'
  : `${percent(s.percent)}  (${number(s.numerator.n)} van ${number(s.denominator.n)})`);
const stat = (s: Stat<SmallCell>) => (s.cases.n === 0
  ? 'geen gegevens'
  : `mediaan ${number(s.median)}, 90e percentiel ${number(s.p90)}  (${number(s.cases.n)} meldingen)`);

const WIDTH = 58;
const line = (label: string, value: string, indent = 2) => `${' '.repeat(indent)}${label.padEnd(WIDTH - indent)} ${value}`;

function wrap(text: string, indent: string, width = 100): string[] {
  const lines: string[] = [];
  let current = indent;
  for (const word of text.split(' ')) {
    if (current.length + word.length + 1 > width && current.trim() !== '') {
      lines.push(current.trimEnd());
      current = indent;
    }
    current += `${word} `;
  }
  lines.push(current.trimEnd());
  return lines;
}

/** Every figure with its value, in Dutch, and the definitions below. */
export function renderReport(f: Figures<SmallCell>, o: { exact: boolean }): string {
  const t = (name: keyof typeof FIGURE_TITLES) => FIGURE_TITLES[name].nl;
  const filters = filterLabels(f.filters, 'nl');
  const out: string[] = [
    `Klachtflow: analyse over ${f.period.label.nl} (${f.period.from} t/m ${f.period.to})`,
    `Filters: ${filters.length > 0 ? filters.join(', ') : 'geen'}`,
    `Peildatum: ${formatDateTime(f.asOf, 'nl')} (Nederlandse tijd); kalender ${f.calendarVersion}`,
    o.exact ? 'Exacte aantallen (--exact): niet voor rapportages buiten de organisatie.'
      : `Aantallen van 1 tot en met 4 staan als "${SMALL_CELL}", net als wat erop rust.`,
    '',
    t('received'),
    line('totaal', count(f.received.total)),
    line('klachten', count(f.received.byType.complaint)),
    line('feedback', count(f.received.byType.feedback)),
    ...Object.entries(f.received.byCategory).map(([k, c]) => line(`categorie: ${CATEGORIES[k as Category].nl}`, count(c))),
    line('kanaal: webformulier', count(f.received.byChannel.web)),
    line('kanaal: telefoon', count(f.received.byChannel.phone)),
    '',
    line(t('confirmedWithin24h'), share(f.confirmedWithin24h), 0),
    '',
    t('responseWithin5WorkingDays'),
    line('klachten', share(f.responseWithin5WorkingDays.complaint)),
    line('feedback', share(f.responseWithin5WorkingDays.feedback)),
    line('samen', share(f.responseWithin5WorkingDays.all)),
    '',
    line(t('settledWithin34WorkingDays'), share(f.settledWithin34WorkingDays), 0),
    '',
    t('workingDaysToResponse'),
    line('klachten', stat(f.workingDaysToResponse.complaint)),
    line('feedback', stat(f.workingDaysToResponse.feedback)),
    line('samen', stat(f.workingDaysToResponse.all)),
    line(t('workingDaysToSettlement'), stat(f.workingDaysToSettlement), 0),
    '',
    t('openByAge'),
    line('totaal', count(f.openByAge.total)),
    ...f.openByAge.buckets.map((b) => line(b.label.nl, count(b.cases))),
    '',
    t('breaches'),
    line('totaal (meldingen met een overschrijding)', count(f.breaches.any)),
    ...Object.entries(f.breaches.byMilestone).map(([k, c]) => line(PART_LABELS.breach[k as keyof typeof PART_LABELS.breach].nl, count(c))),
    '',
    line(t('complex'), share(f.complex), 0),
    '',
    t('objections'),
    line('bezwaar gemaakt (van de klachten met een uitkomst)', share(f.objections.objected)),
    line('gegrond verklaard (van de beslissingen op bezwaar)', share(f.objections.upheld)),
    '',
    t('justified'),
    ...Object.entries(f.justified.shares).map(([k, s]) => line(PART_LABELS.justified[k as keyof typeof PART_LABELS.justified].nl, share(s))),
    line('uitkomst zonder oordeel', count(f.justified.notAssessed)),
    '',
    t('rootCauses'),
    ...(f.rootCauses.items.length === 0 ? [line('geen grondoorzaken vastgelegd', '')] : f.rootCauses.items.map((i) =>
      line(i.label.nl, `${count(i.cases)}  (${percent(i.percent)}, cumulatief ${percent(i.cumulativePercent)})`))),
    line('met grondoorzaak', count(f.rootCauses.recorded)),
    line('klachten met uitkomst zonder grondoorzaak', count(f.rootCauses.notRecorded)),
    '',
    line(t('repeatComplainants'), share(f.repeatComplainants), 0),
    '',
    t('satisfaction'),
    line('gemiddeld cijfer', number(f.satisfaction.average.value)),
    ...Object.entries(f.satisfaction.distribution).map(([score, c]) => line(`cijfer ${score}`, count(c))),
    line('respons (van de gevraagde meldingen)', share(f.satisfaction.responseRate)),
    '',
    t('improvementActions'),
    line('open', `${number(f.improvementActions.open.n)} acties  (${number(f.improvementActions.open.cases)} meldingen)`),
    line('over de streefdatum', `${number(f.improvementActions.overdue.n)} acties  (${number(f.improvementActions.overdue.cases)} meldingen)`),
    '',
    'Definities',
    ...wrap(GENERAL_DEFINITION.nl, '  '),
    ...FIGURE_NAMES.flatMap((name) => [`  ${FIGURE_TITLES[name].nl}`, ...wrap(FIGURE_DEFINITIONS[name].nl, '    ')]),
  ];
  return `${out.join('\n')}\n`;
}

/** The JSON object: the request, then one key per figure name. */
export function reportJson(f: Figures<SmallCell>, o: { exact: boolean }): string {
  const { period, filters, asOf, calendarVersion, ...figures } = plainFigures(f);
  return `${JSON.stringify({ period, filters, asOf, calendarVersion, smallCellsSuppressed: !o.exact, ...figures }, null, 2)}\n`;
}

if (require.main === module) {
  runDatabaseCommand({
    usage: USAGE,
    parse: (argv) => parseReportArgs(argv),
    async run(sql, request) {
      const { calendar } = await currentRules(sql);
      const figures = await computeFigures(sql, calendar, request.period, request.filters, request.asOf);
      // Exact figures have no "< 5" in them; the type of the suppressed copy covers both.
      const shown: Figures<SmallCell> = request.exact ? figures : suppressSmallCells(figures);
      return request.json ? reportJson(shown, request) : renderReport(shown, request);
    },
  });
}
