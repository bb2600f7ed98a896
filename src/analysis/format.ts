/**
 * How the figures read, the same on the admin analysis page and in the governance report (PDF):
 * numbers in the reader's language (1.234,5 / 1,234.5), percentages, shares ("87,5% (35 van 40)"),
 * medians and percentiles, and the titles of the sections the figures are grouped in. A value
 * may be "< 5" (SMALL_CELL) in a report; it is printed as it is.
 */
import type { Language } from '../domain/case';
import type { Count, Share, SmallCell, Stat } from './figures';

export const FORMAT_WORDS = {
  nl: { of: 'van', none: '–', median: 'mediaan', p90: '90e percentiel', workingDays: 'werkdagen', cases: 'zaken' },
  en: { of: 'of', none: '–', median: 'median', p90: '90th percentile', workingDays: 'working days', cases: 'cases' },
} as const satisfies Record<Language, Record<string, string>>;

/** The parts of the analysis, in the order the page and the report show them. */
export const SECTION_KEYS = ['volume', 'timeliness', 'outcomes', 'customers', 'improvements', 'trends'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_TITLES: Record<Language, Record<SectionKey, string>> = {
  nl: {
    volume: 'Ontvangen klachten en feedback', timeliness: 'Termijnen', outcomes: 'Uitkomsten en oorzaken',
    customers: 'Klanten', improvements: 'Verbeteracties', trends: 'Ontwikkeling over twaalf maanden',
  },
  en: {
    volume: 'Complaints and feedback received', timeliness: 'Time limits', outcomes: 'Outcomes and root causes',
    customers: 'Customers', improvements: 'Improvement actions', trends: 'Twelve months',
  },
};

/** A number with at most one decimal, "–" for none (null), "< 5" as it is. */
export function formatNumber(value: number | null | SmallCell, language: Language): string {
  if (value === null) return FORMAT_WORDS[language].none;
  if (typeof value === 'string') return value;
  return value.toLocaleString(language === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 });
}

export function formatCount(count: Count<SmallCell>, language: Language): string {
  return formatNumber(count.n, language);
}

/** "87,5%"; "–" when nothing counted, "< 5" as it is. */
export function formatPercentValue(percent: number | null | SmallCell, language: Language): string {
  if (percent === null) return FORMAT_WORDS[language].none;
  if (typeof percent === 'string') return percent;
  return `${formatNumber(percent, language)}%`;
}

export function formatPercent(share: Share<SmallCell>, language: Language): string {
  return formatPercentValue(share.percent, language);
}

/** "87,5% (35 van 40)". */
export function formatShare(share: Share<SmallCell>, language: Language): string {
  const w = FORMAT_WORDS[language];
  return `${formatPercent(share, language)} (${formatCount(share.numerator, language)} ${w.of} ${formatCount(share.denominator, language)})`;
}

/** "mediaan 4, 90e percentiel 7 werkdagen (12 zaken)". */
export function formatStat(stat: Stat<SmallCell>, language: Language): string {
  const w = FORMAT_WORDS[language];
  return `${w.median} ${formatNumber(stat.median, language)}, ${w.p90} ${formatNumber(stat.p90, language)} ${w.workingDays} `
    + `(${formatCount(stat.cases, language)} ${w.cases})`;
}
