import { paretoChart, trendChart } from '../../src/analysis/charts';
import { renderReportPdf, winAnsi, type ReportDocument } from '../../src/reports/pdf';
import { pdfText, squash } from '../support/pdfText';

const months = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];

function report(overrides: Partial<ReportDocument> = {}): ReportDocument {
  return {
    title: 'Klachtenrapportage directie',
    subtitle: 'Oktober 2026 (1 t/m 31 oktober)',
    language: 'nl',
    generatedAt: '1 november 2026 om 07:00',
    createdAt: new Date('2026-11-01T06:00:00Z'),
    sections: [
      {
        heading: 'Kerncijfers',
        intro: 'Klachten en feedback die in oktober zijn ontvangen, voor de directie en de klachtencoördinator.',
        figures: [
          { label: 'Ontvangen klachten', value: '57', definition: 'Klachten met een ontvangstdatum in de periode, via alle kanalen.' },
          { label: 'Ontvangen feedback', value: '< 5', definition: 'Minder dan vijf: het aantal wordt niet getoond.' },
          { label: 'Gemiddelde compensatie', value: '€ 50', definition: 'Toegekend bedrag – alleen gegronde klachten; coëfficiënt niet van toepassing.' },
        ],
        note: '< 5: minder dan vijf zaken.',
      },
      {
        heading: 'Ontwikkeling',
        chartSvg: trendChart({
          title: 'Ontvangen klachten per maand', description: 'Aantal per maand.', months, unit: 'count', language: 'nl',
          series: [{ name: 'Klachten', values: [12, 9, 15, 20, 18, 11] }],
        }),
      },
      {
        heading: 'Onderwerpen',
        chartSvg: paretoChart({
          title: 'Klachten per onderwerp', description: 'Pareto.', language: 'nl',
          categories: [{ label: 'Betalingen', count: 14 }, { label: 'Bejegening', count: 6 }],
        }),
        table: {
          columns: ['Referentie', 'Onderwerp', 'Werkdagen te laat'],
          // Enough rows to run over a page: every row must arrive whole.
          rows: Array.from({ length: 60 }, (_, i) => [`KL-2026-${String(i + 1).padStart(6, '0')}`, i % 2 ? 'Betalingen' : 'Bejegening door medewerker', String(i % 9)]),
        },
      },
    ],
    ...overrides,
  };
}

const parse = async (pdf: Buffer) => pdfText(pdf);

describe('renderReportPdf', () => {
  let pdf: Buffer;
  let parsed: Awaited<ReturnType<typeof parse>>;

  beforeAll(async () => {
    pdf = await renderReportPdf(report());
    parsed = await parse(pdf);
  });

  it('is a PDF with its title and language in the metadata', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(parsed.info.Title).toBe('Klachtenrapportage directie');
    expect(pdf.toString('latin1')).toMatch(/\/Lang \(nl-NL\)/);
  });

  it('has the figures as extractable text, accents and the "< 5" marker included', () => {
    const text = squash(parsed.text);
    expect(text).toContain('Klachtenrapportage directie');
    expect(text).toContain('Oktober 2026 (1 t/m 31 oktober)');
    for (const label of ['Ontvangen klachten', 'Ontvangen feedback', 'Gemiddelde compensatie']) expect(text).toContain(label);
    expect(text).toMatch(/Ontvangen klachten.*57/);
    expect(text).toMatch(/Ontvangen feedback .*< 5/);
    expect(text).toContain('< 5: minder dan vijf zaken.');
    expect(text).toContain('€ 50');
    expect(text).toContain('klachtencoördinator');
    expect(text).toContain('Toegekend bedrag – alleen gegronde klachten; coëfficiënt');
    expect(text).toContain('Klachten met een ontvangstdatum in de periode');
  });

  it('draws the charts as text, not pictures', () => {
    const text = squash(parsed.text);
    expect(text).toContain('Ontvangen klachten per maand');
    expect(text).toContain('mei 2026');
    expect(text).toContain('Cumulatief %');
  });

  it('numbers the pages and repeats the table header on every page it runs over', () => {
    const count = parsed.pages.length;
    expect(count).toBeGreaterThanOrEqual(3);
    parsed.pages.forEach((page, i) => expect(squash(page)).toContain(`Pagina ${i + 1} van ${count}`));
    expect(squash(parsed.pages[0] ?? '')).toContain('Gemaakt op 1 november 2026 om 07:00');
    const rows = parsed.pages.map((page) => [...page.matchAll(/KL-2026-\d{6}/g)].map((m) => m[0]));
    // Every row once, in order, each whole on one page.
    expect(rows.flat()).toEqual(Array.from({ length: 60 }, (_, i) => `KL-2026-${String(i + 1).padStart(6, '0')}`));
    rows.forEach((references, page) => {
      for (const reference of references) {
        const i = Number(reference.slice(-6)) - 1;
        expect(squash(parsed.pages[page] ?? '')).toContain(`${reference} ${i % 2 ? 'Betalingen' : 'Bejegening door medewerker'} ${i % 9}`);
      }
    });
    const withRows = parsed.pages.filter((_, i) => (rows[i]?.length ?? 0) > 0);
    expect(withRows.length).toBeGreaterThan(1);
    for (const page of withRows) expect(squash(page)).toContain('Referentie Onderwerp Werkdagen te laat');
  });

  it('speaks English', async () => {
    const english = await parse(await renderReportPdf(report({ language: 'en', generatedAt: '1 November 2026, 07:00', sections: [{ heading: 'Key figures', figures: [{ label: 'Complaints received', value: '57' }] }] })));
    expect(squash(english.text)).toContain('Page 1 of 1');
    expect(squash(english.text)).toContain('Generated on 1 November 2026, 07:00');
  });

  it('is the same for the same input', async () => {
    expect((await renderReportPdf(report())).equals(pdf)).toBe(true);
  });
});

describe('winAnsi', () => {
  it('keeps what the standard fonts can write and replaces the rest', () => {
    expect(winAnsi('coördinator é ë ï € – — “x” ‘y’ …')).toBe('coördinator é ë ï € – — “x” ‘y’ …');
    expect(winAnsi('≥ 5 en ≤ 3, 10\u202f%')).toBe('>= 5 en <= 3, 10\u00a0%');
    expect(winAnsi('e\u0301')).toBe('é'); // decomposed accents are composed first
    expect(winAnsi('漢')).toBe('?');
  });
});
