/**
 * The CSV export's rows (src/analysis/csv.ts): formula injection neutralised in every cell, and
 * what csv-stringify writes with the export's options reads back through csv-parse unchanged.
 * fast-check is not installed: the property runs over a seeded pseudo-random sample instead.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS, CSV_OPTIONS, amsterdamMinute, csvHeader, csvRow, neutralise, type CsvCase } from '../../src/analysis/csv';

const DANGEROUS = /^[=+\-@\t\r]/;

function write(rows: string[][]): string {
  return stringify(rows, CSV_OPTIONS);
}

function read(text: string | Buffer): string[][] {
  return parse(text, { delimiter: ';', bom: true }) as string[][];
}

/** A small deterministic generator (mulberry32): the same sample every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['=', '+', '-', '@', '\t', '\r', '\n', ';', ',', '"', "'", ' ', 'a', 'Z', '0', '9', 'ë', '€', '|', '(', ')', '!', 'é'];

function sample(next: () => number): string {
  const length = Math.floor(next() * 12);
  let s = '';
  for (let i = 0; i < length; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

describe('neutralise', () => {
  test.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK("http://x.example","klik")', `'=HYPERLINK("http://x.example","klik")`],
    ['+31 6 12345678', "'+31 6 12345678"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['a=b', 'a=b'],
    ['KL-2026-000001', 'KL-2026-000001'],
    ['2026-12-24 16:00', '2026-12-24 16:00'],
    ["'=1", "'=1"],
    ['', ''],
  ])('%j becomes %j', (input, output) => {
    expect(neutralise(input)).toBe(output);
  });

  test('over a sample of awkward strings: no cell starts a formula, and csv-parse reads back the value with its apostrophe', () => {
    const next = random(20260101);
    const rows = Array.from({ length: 400 }, () => Array.from({ length: 5 }, () => sample(next)));
    const neutralised = rows.map((row) => row.map(neutralise));
    for (const cell of neutralised.flat()) expect(cell).not.toMatch(DANGEROUS);
    const back = read(write(neutralised));
    expect(back).toEqual(neutralised);
    for (const [r, row] of rows.entries()) {
      for (const [c, original] of row.entries()) {
        expect(back[r]![c]).toBe(DANGEROUS.test(original) ? `'${original}` : original);
      }
    }
  });
});

describe('the rows', () => {
  const base: CsvCase = {
    reference: 'KL-2026-000042', caseType: 'complaint', category: 'billing', channel: 'web',
    receivedAt: new Date('2026-03-28T23:30:00Z'), acknowledgedAt: new Date('2026-03-29T01:30:00Z'),
    respondedAt: new Date('2026-04-02T08:00:00Z'), resolvedAt: null, closedAt: null, workingDaysToResponse: 4,
    workingDaysToResolution: null, breaches: ['acknowledgement-overdue', 'substantive-response-overdue'], justified: null,
    rootCause: null, objectedAt: null, objectionUpheld: null, satisfaction: null,
  };

  test('one cell per column, dates in Amsterdam time (across the change to summer time), yes/no in the reader\'s language', () => {
    const row = csvRow(base, 'nl');
    expect(row).toHaveLength(CSV_COLUMNS.length);
    expect(Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, row[i]]))).toEqual({
      reference: 'KL-2026-000042', type: 'complaint', category: 'billing', channel: 'web',
      received_at: '2026-03-29 00:30', acknowledged_at: '2026-03-29 03:30', responded_at: '2026-04-02 10:00',
      resolved_at: '', closed_at: '', working_days_to_response: '4', working_days_to_settlement: '',
      breaches: 'acknowledgement-overdue,substantive-response-overdue', justified: '', root_cause: '', objected: 'nee',
      objection_upheld: '', satisfaction: '',
    });
    const objected = csvRow({ ...base, objectedAt: new Date('2026-05-01T10:00:00Z'), objectionUpheld: true, satisfaction: 5 }, 'en');
    expect(objected.slice(-3)).toEqual(['yes', 'yes', '5']);
    expect(csvRow({ ...base, objectedAt: new Date('2026-05-01T10:00:00Z') }, 'nl').slice(-3)).toEqual(['ja', '', '']);
  });

  test('every cell of a row is neutralised, whatever the read model holds', () => {
    const row = csvRow({ ...base, rootCause: '=cmd|" /C calc"!A0', category: '@x', justified: '-1' }, 'nl');
    for (const cell of row) expect(cell).not.toMatch(DANGEROUS);
    expect(row[CSV_COLUMNS.indexOf('root_cause')]).toBe(`'=cmd|" /C calc"!A0`);
  });

  test('Excel with Dutch settings: a byte order mark, semicolons, CRLF; the header in Dutch or English', () => {
    const text = write([csvHeader('nl'), csvRow(base, 'nl')]);
    expect(text.startsWith('\ufeffreferentie;soort;categorie;kanaal;ontvangen_op;')).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(3);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(read(Buffer.from(text, 'utf8'))[0]).toEqual(csvHeader('nl'));
    expect(csvHeader('en')).toEqual([...CSV_COLUMNS]);
  });

  test('the minute is written in Amsterdam time, not the host\'s', () => {
    expect(amsterdamMinute(new Date('2026-10-25T00:59:00Z'))).toBe('2026-10-25 02:59');
    expect(amsterdamMinute(new Date('2026-10-25T01:00:00Z'))).toBe('2026-10-25 02:00');
    expect(amsterdamMinute(null)).toBe('');
  });
});
