import { createHash } from 'node:crypto';
import * as echarts from 'echarts';
import type { Language } from '../domain/case';

/**
 * Server-rendered SVG charts (Apache ECharts' server-side rendering), for the admin analysis page
 * (inline in HTML) and the governance report (PDF, through svg-to-pdfkit).
 *
 * The output is static: no animation, no script, no event attributes, no `<style>` element and no
 * `style` attributes, so it shows the same under any Content-Security-Policy (a stricter
 * `style-src` than helmet's default would block both). Each chart is an `<svg role="img">`
 * labelled by its own `<title>` and `<desc>`; the caller prints the numbers as a table as well.
 * The same input gives the same output: ids derive from the input, not from a process counter.
 */

interface ChartBase {
  title: string;
  /** One or two sentences for screen readers: what the chart shows and what stands out. */
  description: string;
  language: Language;
  /** Prefix of the ids inside the SVG; derived from the input when absent. Unique per page. */
  id?: string;
  width?: number;
  height?: number;
  /** Draw the title inside the chart (default); off when the page shows it as a heading. */
  showTitle?: boolean;
}

export interface TrendSeries {
  name: string;
  /** One value per month; null is "not known" (a gap), not zero. Percentages are 0–100. */
  values: (number | null)[];
}

export interface TrendChartOptions extends ChartBase {
  /** 'yyyy-MM', in order. */
  months: string[];
  series: TrendSeries[];
  unit: 'count' | 'percent';
}

export interface ParetoChartOptions extends ChartBase {
  categories: { label: string; count: number }[];
}

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 320;
const NO_DATA_HEIGHT = 200;
const FONT_FAMILY = 'sans-serif';
const TEXT = '#1f2328';
const MUTED_TEXT = '#4b5058';
const GRID_LINE = '#d9dce1';
const AXIS_LINE = '#6b7079';

/**
 * Series colours, each at least 4.5:1 against white, so lines and bars stand out from the page
 * (WCAG 1.4.11 asks 3:1). Colour is never the only difference: every line also has its own dash
 * pattern and marker shape (see LINE_DASHES, SYMBOLS).
 */
export const CHART_COLORS = ['#1f5fa8', '#b35900', '#2e7d32', '#7b3fa0', '#4d4d4d', '#a4123f'] as const;
const LINE_DASHES: ('solid' | 'dashed' | 'dotted' | number[])[] = ['solid', 'dashed', 'dotted', [10, 4, 2, 4], [2, 6], [14, 4]];
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'emptyCircle', 'emptyRect'] as const;

const MONTHS: Record<Language, string[]> = {
  nl: ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

const WORDS = {
  nl: { noData: 'Geen gegevens in deze periode', count: 'Aantal', cumulative: 'Cumulatief %' },
  en: { noData: 'No data in this period', count: 'Count', cumulative: 'Cumulative %' },
} satisfies Record<Language, Record<string, string>>;

/** 'yyyy-MM' as "jan 2026" (Dutch) or "Jan 2026" (English); fixed names, not the host's ICU data. */
export function monthLabel(month: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  const name = match ? MONTHS[language][Number(match[2]) - 1] : undefined;
  if (!match || !name) throw new Error(`Not a month (yyyy-MM): ${month}`);
  return `${name} ${match[1]}`;
}

export function noDataText(language: Language): string {
  return WORDS[language].noData;
}

function formatNumber(value: number, language: Language): string {
  return new Intl.NumberFormat(language === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 }).format(value);
}

function formatPercent(value: number, language: Language): string {
  return `${formatNumber(value, language)}%`;
}

/** A line chart of one or more series per month; a bar chart for a single count series. */
export function trendChart(o: TrendChartOptions): string {
  const width = o.width ?? DEFAULT_WIDTH;
  for (const s of o.series) {
    if (s.values.length !== o.months.length) throw new Error(`Series ${s.name} has ${s.values.length} values for ${o.months.length} months`);
  }
  const values = o.series.flatMap((s) => s.values);
  // A count of zero every month shows nothing worth a chart; a percentage of 0 is a result (say, none late).
  const empty = o.months.length === 0 || o.series.length === 0
    || values.every((v) => v === null || (o.unit === 'count' && v === 0));
  if (empty) return noDataChart(o, width, o.height ?? NO_DATA_HEIGHT);

  const labels = o.months.map((m) => monthLabel(m, o.language));
  const asBars = o.unit === 'count' && o.series.length === 1;
  const legend = o.series.length > 1 ? o.series.map((s) => s.name) : [];
  const layout = frame(o, width, legend);
  const height = o.height ?? DEFAULT_HEIGHT + layout.extra;
  // Horizontal month labels while they fit (about 60 px each), else slanted so every month shows.
  const slant = (width - 100) / labels.length < 60;
  const percent = o.unit === 'percent';

  const option: echarts.EChartsOption = {
    ...common(o, layout),
    legend: legend.length ? legendOption(layout, legend) : undefined,
    grid: { ...layout.grid, bottom: 12, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: asBars,
      axisLine: { lineStyle: { color: AXIS_LINE } },
      axisTick: { alignWithLabel: true },
      axisLabel: { color: MUTED_TEXT, fontSize: 12, interval: 0, rotate: slant ? 45 : 0 },
    },
    yAxis: {
      type: 'value',
      min: 0,
      ...(percent ? { max: 100, interval: 20 } : { minInterval: 1 }),
      axisLabel: {
        color: MUTED_TEXT,
        fontSize: 12,
        formatter: (v: number) => (percent ? formatPercent(v, o.language) : formatNumber(v, o.language)),
      },
      splitLine: { lineStyle: { color: GRID_LINE } },
    },
    series: o.series.map((s, i) => asBars
      ? {
        type: 'bar' as const,
        name: s.name,
        data: s.values,
        barMaxWidth: 48,
        itemStyle: { color: CHART_COLORS[0] },
        label: { show: true, position: 'top' as const, color: TEXT, fontSize: 12, formatter: (p: { value: unknown }) => formatNumber(Number(p.value), o.language) },
      }
      : {
        type: 'line' as const,
        name: s.name,
        data: s.values,
        connectNulls: false,
        symbol: SYMBOLS[i % SYMBOLS.length],
        symbolSize: 8,
        showAllSymbol: true,
        itemStyle: { color: CHART_COLORS[i % CHART_COLORS.length] },
        lineStyle: { width: 2.5, type: LINE_DASHES[i % LINE_DASHES.length] },
      }),
  };
  return render(o, option, width, height);
}

/**
 * A Pareto chart: categories as bars from the largest count down, and the cumulative share of
 * all counts as a line on a second axis (0–100%). Categories without any count are left out.
 */
export function paretoChart(o: ParetoChartOptions): string {
  const width = o.width ?? DEFAULT_WIDTH;
  // Ties in label order, so the same counts always give the same chart.
  const categories = o.categories
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const total = categories.reduce((sum, c) => sum + c.count, 0);
  if (total === 0) return noDataChart(o, width, o.height ?? NO_DATA_HEIGHT);

  let running = 0;
  const cumulative = categories.map((c) => {
    running += c.count;
    return Math.round((running / total) * 1000) / 10;
  });
  const words = WORDS[o.language];
  const legend = [words.count, words.cumulative];
  const layout = frame(o, width, legend);
  // Room below the plot for wrapped category labels.
  const height = o.height ?? DEFAULT_HEIGHT + 40 + layout.extra;
  const slot = (width - 110) / categories.length;
  // Labels wrap within their slot while that leaves room for a word or two, else slant.
  const slant = slot < 70;

  const option: echarts.EChartsOption = {
    ...common(o, layout),
    legend: legendOption(layout, legend),
    grid: { ...layout.grid, bottom: 12, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: {
      type: 'category',
      data: categories.map((c) => c.label),
      axisLine: { lineStyle: { color: AXIS_LINE } },
      axisTick: { alignWithLabel: true },
      axisLabel: slant
        ? { color: MUTED_TEXT, fontSize: 12, interval: 0, rotate: 40, width: 130, overflow: 'truncate' }
        : { color: MUTED_TEXT, fontSize: 12, interval: 0, width: Math.floor(slot - 8), overflow: 'break', lineHeight: 15 },
    },
    yAxis: [
      {
        type: 'value',
        min: 0,
        minInterval: 1,
        axisLabel: { color: MUTED_TEXT, fontSize: 12, formatter: (v: number) => formatNumber(v, o.language) },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      {
        type: 'value',
        min: 0,
        max: 100,
        interval: 20,
        position: 'right',
        axisLabel: { color: MUTED_TEXT, fontSize: 12, formatter: (v: number) => formatPercent(v, o.language) },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        type: 'bar',
        name: words.count,
        data: categories.map((c) => c.count),
        barMaxWidth: 56,
        itemStyle: { color: CHART_COLORS[0] },
        label: { show: true, position: 'top', color: TEXT, fontSize: 12, formatter: (p: { value: unknown }) => formatNumber(Number(p.value), o.language) },
      },
      {
        type: 'line',
        name: words.cumulative,
        yAxisIndex: 1,
        data: cumulative,
        symbol: 'diamond',
        symbolSize: 9,
        itemStyle: { color: CHART_COLORS[1] },
        lineStyle: { width: 2.5, type: 'dashed' },
      },
    ],
  };
  return render(o, option, width, height);
}

interface Frame {
  titleLines: string[];
  legendTop: number;
  /** One legend entry per line when they would not fit side by side. */
  legendVertical: boolean;
  grid: { left: number; right: number; top: number };
  /** Height that a long title or legend takes beyond one line each: added to the default height. */
  extra: number;
}

const PADDING = 16;
const TITLE_SIZE = 15;
const TITLE_LINE = 20;
const LEGEND_LINE = 20;
/** Text widths are estimates (the browser's or PDF's font is not known here): generous ones. */
const CHAR_WIDTH = 0.62;

/** Where the title, legend and plot go; the title wraps on words. */
function frame(o: ChartBase, width: number, legend: string[]): Frame {
  const titleLines = o.showTitle === false ? [] : wrap(o.title, Math.floor((width - 2 * PADDING) / (TITLE_SIZE * CHAR_WIDTH)));
  const legendTop = PADDING + titleLines.length * TITLE_LINE + (titleLines.length ? 8 : 0);
  const sideBySide = legend.reduce((sum, name) => sum + 32 + 5 + name.length * 12 * CHAR_WIDTH + 24, 0);
  const legendVertical = sideBySide > width - 2 * PADDING;
  const legendLines = legend.length === 0 ? 0 : legendVertical ? legend.length : 1;
  const top = legendTop + legendLines * LEGEND_LINE + 16;
  const extra = Math.max(0, titleLines.length - 1) * TITLE_LINE + Math.max(0, legendLines - 1) * LEGEND_LINE;
  return { titleLines, legendTop, legendVertical, grid: { left: PADDING, right: PADDING + 4, top }, extra };
}

function wrap(text: string, perLine: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function common(o: ChartBase, layout: Frame): echarts.EChartsOption {
  return {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: FONT_FAMILY, color: TEXT },
    title: layout.titleLines.length
      ? {
        text: layout.titleLines.join('\n'),
        left: PADDING,
        top: PADDING,
        padding: 0,
        textStyle: { fontFamily: FONT_FAMILY, fontSize: TITLE_SIZE, fontWeight: 'bold', color: TEXT, lineHeight: TITLE_LINE },
      }
      : undefined,
  };
}

function legendOption(layout: Frame, names: string[]): echarts.LegendComponentOption {
  return {
    top: layout.legendTop,
    orient: layout.legendVertical ? 'vertical' : 'horizontal',
    left: PADDING,
    padding: 0,
    itemGap: layout.legendVertical ? LEGEND_LINE - 12 : 24,
    itemWidth: 32,
    itemHeight: 12,
    selectedMode: false,
    textStyle: { fontFamily: FONT_FAMILY, fontSize: 12, color: TEXT },
    data: names,
  };
}

function noDataChart(o: ChartBase, width: number, height: number): string {
  const layout = frame(o, width, []);
  const text = noDataText(o.language);
  const option: echarts.EChartsOption = {
    ...common(o, layout),
    graphic: [{
      type: 'group',
      left: 'center',
      top: layout.grid.top + (height - layout.grid.top - 40) / 2,
      children: [
        { type: 'rect', shape: { x: 0, y: 0, width: Math.min(width - 2 * PADDING, 360), height: 40 }, style: { fill: '#f3f4f6', stroke: GRID_LINE } },
        {
          type: 'text',
          x: Math.min(width - 2 * PADDING, 360) / 2,
          y: 20,
          style: { text, fill: TEXT, fontSize: 14, fontFamily: FONT_FAMILY, align: 'center', verticalAlign: 'middle' },
        },
      ],
    }],
  };
  return render({ ...o, description: `${o.description} ${text}.`.trim() }, option, width, height);
}

function render(o: ChartBase, option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return finish(chart.renderToSVGString(), chartId(o), o);
  } finally {
    chart.dispose();
  }
}

function chartId(o: ChartBase): string {
  if (o.id !== undefined) {
    if (!/^[A-Za-z][\w-]*$/.test(o.id)) throw new Error(`Not a usable id: ${o.id}`);
    return o.id;
  }
  return `chart-${createHash('sha256').update(JSON.stringify(o)).digest('hex').slice(0, 10)}`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/**
 * ECharts' SVG made static and self-contained:
 * - the `<style>` element only holds hover effects of an interactive chart: dropped, as are the
 *   classes and `ecmeta_*`/`pointer-events` attributes that served them;
 * - `style="font-…"` on text becomes presentation attributes (not subject to CSP);
 * - ids (`zr0-c0`, numbered per process) get the chart's own prefix: unique on a page, stable;
 * - the root gets role="img", aria-labelledby and the `<title>`/`<desc>` it points to.
 */
function finish(svg: string, id: string, o: ChartBase): string {
  let out = svg
    .replace(/<style\b[^>]*>[\s\S]*?<\/style>\s*/g, '')
    .replace(/ (?:class|pointer-events|ecmeta_[a-z_]+)="[^"]*"/g, '')
    .replace(/ style="([^"]*)"/g, (_, css: string) => styleToAttributes(css))
    .replace(/ id="zr\d+-/g, ` id="${id}-`)
    .replace(/url\(#zr\d+-/g, `url(#${id}-`)
    .replace(/<(\w+) >/g, '<$1>');
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  out = out.replace(/^<svg /, `<svg role="img" aria-labelledby="${titleId} ${descId}" `);
  out = out.replace(/^(<svg [^>]*>)/, `$1\n<title id="${titleId}">${escapeXml(o.title)}</title>\n<desc id="${descId}">${escapeXml(o.description)}</desc>`);
  if (/<script|<style|<[^>]*\s(?:on\w+|style)=/i.test(out)) throw new Error('Chart SVG still holds a script, event handler or style');
  return out;
}

const FONT_PROPERTIES = new Set(['font-size', 'font-family', 'font-weight', 'font-style']);

function styleToAttributes(css: string): string {
  const attributes: string[] = [];
  for (const declaration of css.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim();
    const value = declaration.slice(colon + 1).trim();
    if (property === 'font') {
      // zrender's shorthand "[style] [weight] size family" when no separate font was given.
      const match = /^(?:(italic|oblique)\s+)?(?:(bold|bolder|lighter|\d{3})\s+)?(\d+(?:\.\d+)?px)\s+(.+)$/.exec(value);
      if (!match) throw new Error(`Unexpected font in chart SVG: ${value}`);
      if (match[1]) attributes.push(`font-style="${match[1]}"`);
      if (match[2]) attributes.push(`font-weight="${match[2]}"`);
      attributes.push(`font-size="${match[3]}"`, `font-family="${escapeXml(match[4] ?? FONT_FAMILY)}"`);
    } else if (FONT_PROPERTIES.has(property)) {
      attributes.push(`${property}="${escapeXml(value)}"`);
    } else {
      throw new Error(`Unexpected style in chart SVG: ${property}`);
    }
  }
  return attributes.length ? ` ${attributes.join(' ')}` : '';
}
