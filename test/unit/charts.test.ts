import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CHART_COLORS, monthLabel, paretoChart, trendChart, type TrendChartOptions } from '../../src/analysis/charts';

const months = ['2025-11', '2025-12', '2026-01', '2026-02'];

const received: TrendChartOptions = {
  title: 'Ontvangen klachten per maand',
  description: 'Het aantal ontvangen klachten per maand, van november 2025 tot en met februari 2026.',
  months,
  series: [{ name: 'Klachten', values: [12, 9, 15, 20] }],
  unit: 'count',
  language: 'nl',
};

const onTime: TrendChartOptions = {
  title: 'Within the deadline',
  description: 'Share of cases handled within each deadline.',
  months,
  series: [
    { name: 'Acknowledged within 24 hours', values: [100, 98, null, 97] },
    { name: 'Responded within 5 working days', values: [88, 85, 80, 76] },
  ],
  unit: 'percent',
  language: 'en',
};

/** Well-formed XML, one <svg> root, nothing that runs or that a strict CSP would block. */
function expectStaticSvg(svg: string): void {
  expect(XMLValidator.validate(svg)).toBe(true);
  expect(svg.startsWith('<svg ')).toBe(true);
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  expect(svg).not.toMatch(/<style|\sstyle=/i);
  expect(svg).not.toMatch(/javascript:/i);
}

/** The root's role and the title/desc its aria-labelledby points to. */
function accessibleName(svg: string): { role: string; title: string; desc: string } {
  const root = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(svg).svg;
  const [titleId, descId] = String(root['aria-labelledby']).split(' ');
  expect(root.title.id).toBe(titleId);
  expect(root.desc.id).toBe(descId);
  return { role: root.role, title: root.title['#text'], desc: root.desc['#text'] };
}

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] ?? '');
}

describe('monthLabel', () => {
  it('names months in Dutch and English without the host locale', () => {
    expect(monthLabel('2026-01', 'nl')).toBe('jan 2026');
    expect(monthLabel('2026-03', 'nl')).toBe('mrt 2026');
    expect(monthLabel('2026-10', 'nl')).toBe('okt 2026');
    expect(monthLabel('2026-01', 'en')).toBe('Jan 2026');
    expect(monthLabel('2026-05', 'en')).toBe('May 2026');
    expect(() => monthLabel('2026-13', 'en')).toThrow();
  });
});

describe('trendChart', () => {
  it('draws one count series as labelled bars', () => {
    const svg = trendChart(received);
    expectStaticSvg(svg);
    expect(accessibleName(svg)).toEqual({ role: 'img', title: received.title, desc: received.description });
    const shown = texts(svg);
    expect(shown).toEqual(expect.arrayContaining(['nov 2025', 'dec 2025', 'jan 2026', 'feb 2026']));
    expect(shown).toEqual(expect.arrayContaining(['12', '9', '15', '20'])); // the bars' values
    expect(shown).toContain(received.title);
    expect(svg).toContain('font-family="sans-serif"');
  });

  it('draws several series as lines with a legend and a 0–100% axis', () => {
    const svg = trendChart(onTime);
    expectStaticSvg(svg);
    const shown = texts(svg);
    expect(shown).toEqual(expect.arrayContaining(['Nov 2025', 'Dec 2025', 'Jan 2026', 'Feb 2026']));
    expect(shown).toEqual(expect.arrayContaining(['Acknowledged within 24 hours', 'Responded within 5 working days']));
    expect(shown).toEqual(expect.arrayContaining(['0%', '100%']));
    // Told apart without colour: the second line is dashed.
    expect(svg).toMatch(/stroke-dasharray="[\d.]+,[\d.]+"/);
  });

  it('gives the same SVG for the same input, and different charts different ids', () => {
    const first = trendChart(received);
    expect(trendChart(received)).toBe(first);
    const other = trendChart(onTime);
    const ids = (svg: string) => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    const shared = ids(first).filter((id) => ids(other).includes(id));
    expect(shared).toEqual([]);
    // Every url(#…) reference points at an id of the same chart.
    for (const svg of [first, other]) {
      for (const [, ref] of svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids(svg)).toContain(ref);
    }
  });

  it('takes an id prefix from the caller', () => {
    const svg = trendChart({ ...received, id: 'received-trend' });
    expect(svg).toContain('aria-labelledby="received-trend-title received-trend-desc"');
    expect(() => trendChart({ ...received, id: 'not an id"' })).toThrow();
  });

  it('escapes text', () => {
    const svg = trendChart({ ...received, title: 'Klachten <b>&</b> "feedback"', series: [{ name: 'A & B <c>', values: [1, 2, 3, 4] }, { name: 'D', values: [1, 1, 1, 1] }] });
    expectStaticSvg(svg);
    expect(accessibleName(svg).title).toBe('Klachten <b>&</b> "feedback"');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<c>');
  });

  it.each([
    ['no months', { ...received, months: [], series: [{ name: 'Klachten', values: [] }] }],
    ['no series', { ...received, series: [] }],
    ['only zero counts', { ...received, series: [{ name: 'Klachten', values: [0, 0, 0, 0] }] }],
    ['only unknown values', { ...onTime, language: 'nl' as const, series: [{ name: 'Binnen termijn', values: [null, null, null, null] }] }],
  ])('says there is no data for %s', (_, options) => {
    const svg = trendChart(options);
    expectStaticSvg(svg);
    expect(texts(svg)).toContain('Geen gegevens in deze periode');
    expect(accessibleName(svg).desc).toContain('Geen gegevens in deze periode');
  });

  it('shows a percentage of zero as a result, not as missing data', () => {
    const svg = trendChart({ ...onTime, series: [{ name: 'Late', values: [0, 0, 0, 0] }] });
    expect(texts(svg)).not.toContain('No data in this period');
    expect(texts(svg)).toEqual(expect.arrayContaining(['0%', 'Nov 2025']));
    expect(svg).toContain(`stroke="${CHART_COLORS[0]}"`); // the line along 0%
  });
});

describe('paretoChart', () => {
  const categories = [
    { label: 'Website en app', count: 2 },
    { label: 'Betalingen', count: 14 },
    { label: 'Bejegening', count: 6 },
    { label: 'Betaalterminal', count: 6 },
    { label: 'Leeg', count: 0 },
  ];

  it('sorts bars from the largest count down, with a cumulative percentage line', () => {
    const svg = paretoChart({ title: 'Klachten per onderwerp', description: 'Pareto van onderwerpen.', categories, language: 'nl' });
    expectStaticSvg(svg);
    expect(accessibleName(svg)).toEqual({ role: 'img', title: 'Klachten per onderwerp', desc: 'Pareto van onderwerpen.' });
    const shown = texts(svg);
    const order = ['Betalingen', 'Bejegening', 'Betaalterminal', 'Website en app'].map((label) => shown.indexOf(label));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(shown).not.toContain('Leeg');
    expect(shown).toEqual(expect.arrayContaining(['Aantal', 'Cumulatief %', '100%', '14']));
  });

  it('speaks English', () => {
    const svg = paretoChart({ title: 'By category', description: 'Pareto.', categories, language: 'en' });
    expect(texts(svg)).toEqual(expect.arrayContaining(['Count', 'Cumulative %']));
  });

  it('says there is no data without categories or counts', () => {
    for (const list of [[], [{ label: 'Leeg', count: 0 }]]) {
      const svg = paretoChart({ title: 'By category', description: 'Pareto.', categories: list, language: 'en' });
      expectStaticSvg(svg);
      expect(texts(svg)).toContain('No data in this period');
    }
  });
});
