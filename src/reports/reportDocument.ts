/**
 * A stored governance report as the document the PDF renders: the body's chosen sections, each
 * figure with its definition, tables for the parts, and the charts. Built only from the frozen,
 * suppressed figures of the report, so that a resent report says exactly what the first one did.
 */
import { paretoChart, trendChart } from '../analysis/charts';
import { FIGURE_DEFINITIONS, FIGURE_TITLES, GENERAL_DEFINITION, PART_LABELS, type FigureName } from '../analysis/definitions';
import type { Figures, MonthlyTrend, Share, SmallCell } from '../analysis/figures';
import {
  formatCount as count,
  formatNumber as num,
  formatPercent as percent,
  formatShare as share,
  formatStat as stat,
  SECTION_TITLES,
} from '../analysis/format';
import { categoryLabel } from '../domain/categories';
import type { Language } from '../domain/case';
import type { StoredReport } from '../db/governance';
import { formatDate, formatDateTime } from '../i18n/dates';
import type { ReportDocument, ReportFigure, ReportSection } from './pdf';
import type { ReportSection as SectionKey } from './governance';

/** What a report stores: its figures and trend with small cells suppressed. */
export interface FrozenReport {
  figures: Figures<SmallCell>;
  trend: MonthlyTrend<SmallCell>;
}

const WORDS = {
  nl: {
    title: (body: string) => `Klachtenrapportage ${body}`,
    column: { part: 'Onderdeel', count: 'Aantal', share: 'Aandeel', month: 'Maand', received: 'Ontvangen', cumulative: 'Cumulatief' },
    trendReceived: 'Ontvangen per maand', trendInTime: 'Binnen de termijn (%)', open: 'open', overdue: 'over de streefdatum',
    generalTitle: 'Over deze cijfers',
  },
  en: {
    title: (body: string) => `Complaints report ${body}`,
    column: { part: 'Part', count: 'Number', share: 'Share', month: 'Month', received: 'Received', cumulative: 'Cumulative' },
    trendReceived: 'Received per month', trendInTime: 'Within the time limit (%)', open: 'open', overdue: 'past their due date',
    generalTitle: 'About these figures',
  },
} as const;

type Words = (typeof WORDS)[Language];

function figure(name: FigureName, value: string, l: Language, label?: string): ReportFigure {
  return { label: label ?? FIGURE_TITLES[name][l], value, definition: FIGURE_DEFINITIONS[name][l] };
}

function sectionOf(key: SectionKey, r: FrozenReport, l: Language, w: Words): ReportSection {
  const f = r.figures;
  const heading = SECTION_TITLES[l][key];
  switch (key) {
    case 'volume':
      return {
        heading,
        figures: [figure('received', count(f.received.total, l), l)],
        table: {
          columns: [w.column.part, w.column.count],
          rows: [
            ...Object.entries(f.received.byType).map(([k, c]) => [PART_LABELS.caseType[k as 'complaint' | 'feedback'][l], count(c, l)]),
            ...Object.entries(f.received.byChannel).map(([k, c]) => [PART_LABELS.channel[k as 'web' | 'phone'][l], count(c, l)]),
            ...Object.entries(f.received.byCategory).map(([k, c]) => [categoryLabel(k, l), count(c, l)]),
          ],
        },
      };
    case 'timeliness':
      return {
        heading,
        figures: [
          figure('confirmedWithin24h', share(f.confirmedWithin24h, l), l),
          figure('responseWithin5WorkingDays', share(f.responseWithin5WorkingDays.complaint, l), l,
            `${FIGURE_TITLES.responseWithin5WorkingDays[l]}: ${PART_LABELS.caseType.complaint[l].toLowerCase()}`),
          { label: `${FIGURE_TITLES.responseWithin5WorkingDays[l]}: ${PART_LABELS.caseType.feedback[l].toLowerCase()}`,
            value: share(f.responseWithin5WorkingDays.feedback, l) },
          figure('settledWithin34WorkingDays', share(f.settledWithin34WorkingDays, l), l),
          figure('workingDaysToResponse', stat(f.workingDaysToResponse.all, l), l),
          figure('workingDaysToSettlement', stat(f.workingDaysToSettlement, l), l),
          figure('openByAge', count(f.openByAge.total, l), l),
          figure('breaches', count(f.breaches.any, l), l),
        ],
        table: {
          columns: [FIGURE_TITLES.breaches[l], w.column.count],
          rows: Object.entries(f.breaches.byMilestone).map(([k, c]) => [PART_LABELS.breach[k as keyof typeof PART_LABELS.breach][l], count(c, l)]),
        },
      };
    case 'outcomes': {
      const items = f.rootCauses.items;
      return {
        heading,
        figures: [
          ...Object.entries(f.justified.shares).map(([k, s]) =>
            ({ label: `${FIGURE_TITLES.justified[l]}: ${PART_LABELS.justified[k as 'justified'][l].toLowerCase()}`, value: share(s, l) })),
          figure('objections', share(f.objections.objected, l), l),
          { label: l === 'nl' ? 'Bezwaren gegrond' : 'Objections upheld', value: share(f.objections.upheld, l) },
          figure('complex', share(f.complex, l), l),
          figure('rootCauses', count(f.rootCauses.recorded, l), l),
        ],
        chartSvg: paretoChart({
          title: FIGURE_TITLES.rootCauses[l], description: FIGURE_DEFINITIONS.rootCauses[l], language: l, id: 'report-pareto',
          categories: items.map((i) => ({ label: i.label[l], count: typeof i.cases.n === 'number' ? i.cases.n : 0 })),
        }),
        table: {
          columns: [FIGURE_TITLES.rootCauses[l], w.column.count, w.column.share, w.column.cumulative],
          rows: items.map((i) => [i.label[l], count(i.cases, l), `${num(i.percent, l)}%`, `${num(i.cumulativePercent, l)}%`]),
        },
      };
    }
    case 'customers':
      return {
        heading,
        figures: [
          figure('repeatComplainants', share(f.repeatComplainants, l), l),
          figure('satisfaction', `${num(f.satisfaction.average.value, l)} / 5`, l),
          { label: l === 'nl' ? 'Respons op de tevredenheidsvraag' : 'Response to the satisfaction question', value: share(f.satisfaction.responseRate, l) },
        ],
        table: {
          columns: [l === 'nl' ? 'Cijfer' : 'Score', w.column.count],
          rows: Object.entries(f.satisfaction.distribution).map(([score, c]) => [score, count(c, l)]),
        },
      };
    case 'improvements':
      return {
        heading,
        figures: [
          figure('improvementActions', num(f.improvementActions.open.n, l), l, `${FIGURE_TITLES.improvementActions[l]}: ${w.open}`),
          { label: `${FIGURE_TITLES.improvementActions[l]}: ${w.overdue}`, value: num(f.improvementActions.overdue.n, l) },
        ],
      };
    case 'trends': {
      const months = r.trend.months;
      const pct = (s: Share<SmallCell>) => (typeof s.percent === 'number' ? s.percent : null);
      return {
        heading,
        chartSvg: trendChart({
          title: w.trendInTime, description: FIGURE_DEFINITIONS.responseWithin5WorkingDays[l], language: l, unit: 'percent',
          id: 'report-trend', months: months.map((m) => m.month),
          series: [
            { name: FIGURE_TITLES.confirmedWithin24h[l], values: months.map((m) => pct(m.confirmedWithin24h)) },
            { name: FIGURE_TITLES.responseWithin5WorkingDays[l], values: months.map((m) => pct(m.responseWithin5WorkingDays.all)) },
            { name: FIGURE_TITLES.settledWithin34WorkingDays[l], values: months.map((m) => pct(m.settledWithin34WorkingDays)) },
          ],
        }),
        table: {
          columns: [w.column.month, w.column.received, FIGURE_TITLES.confirmedWithin24h[l], FIGURE_TITLES.responseWithin5WorkingDays[l],
            FIGURE_TITLES.settledWithin34WorkingDays[l]],
          rows: months.map((m) => [m.label[l], count(m.received.total, l), percent(m.confirmedWithin24h, l),
            percent(m.responseWithin5WorkingDays.all, l), percent(m.settledWithin34WorkingDays, l)]),
        },
      };
    }
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** A section without an empty table: a table of no rows says nothing the figures do not. */
function withoutEmptyTable(section: ReportSection): ReportSection {
  return section.table && section.table.rows.length === 0 ? { ...section, table: undefined } : section;
}

export function buildReportDocument(report: StoredReport, generatedAt = report.createdAt): ReportDocument {
  const l = report.language;
  const w = WORDS[l];
  const frozen = report.figures as FrozenReport;
  return {
    title: w.title(report.bodyName),
    subtitle: `${capitalised(frozen.figures.period.label[l])} (${formatDate(`${report.periodFrom}T12:00:00Z`, l)} – ${formatDate(`${report.periodTo}T12:00:00Z`, l)})`,
    language: l,
    generatedAt: formatDateTime(generatedAt, l),
    createdAt: generatedAt,
    sections: [
      ...report.sections.map((key) => withoutEmptyTable(sectionOf(key, frozen, l, w))),
      { heading: w.generalTitle, intro: GENERAL_DEFINITION[l] },
    ],
  };
}
