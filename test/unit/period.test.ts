/**
 * What a person asks the analysis for (src/analysis/period.ts): periods as Amsterdam dates,
 * whatever the host's time zone (this file runs under several zones, jest.config.js), filters,
 * and the refusals with their reasons.
 */
import { formatAmsterdam } from '../../src/calendar/workingDays';
import {
  monthOf,
  parseAnalysisRequest,
  parseFilters,
  parsePeriod,
  periodContaining,
  periodJustEnded,
  periodRequest,
  startOfAmsterdamDay,
  trendMonths,
  type Parsed,
  type Period,
} from '../../src/analysis/period';

function ok<T>(parsed: Parsed<T>): T {
  if (!parsed.ok) throw new Error(`refused: ${parsed.error.message.en}`);
  return parsed.value;
}
function refused<T>(parsed: Parsed<T>) {
  if (parsed.ok) throw new Error('accepted');
  return parsed.error;
}
const bounds = (p: Period) => [p.from, p.to, formatAmsterdam(p.startsAt), formatAmsterdam(p.endsBefore)];

describe('periods', () => {
  test('a month: from 00:00 on the first to 00:00 on the first of the next, Amsterdam time', () => {
    const october = ok(parsePeriod({ period: 'month', value: '2026-10' }));
    // Summer time ends on 25 October 2026: the period starts at +02:00 and ends at +01:00.
    expect(bounds(october)).toEqual(['2026-10-01', '2026-10-31', '2026-10-01T00:00:00.000+02:00', '2026-11-01T00:00:00.000+01:00']);
    expect(october.startsAt.toISOString()).toBe('2026-09-30T22:00:00.000Z');
    expect(october.endsBefore.toISOString()).toBe('2026-10-31T23:00:00.000Z');
    expect(october).toMatchObject({ kind: 'month', value: '2026-10', label: { nl: 'oktober 2026', en: 'October 2026' } });
    expect(ok(parsePeriod({ period: 'month', value: '2028-02' })).to).toBe('2028-02-29');
  });

  test('a quarter, also written with K; a year', () => {
    const q4 = ok(parsePeriod({ period: 'quarter', value: '2026-Q4' }));
    expect(bounds(q4)).toEqual(['2026-10-01', '2026-12-31', '2026-10-01T00:00:00.000+02:00', '2027-01-01T00:00:00.000+01:00']);
    expect(q4.label).toEqual({ nl: '4e kwartaal 2026', en: 'Q4 2026' });
    expect(ok(parsePeriod({ period: 'quarter', value: '2027-k1' }))).toMatchObject({ value: '2027-Q1', from: '2027-01-01', to: '2027-03-31' });
    const year = ok(parsePeriod({ period: 'year', value: '2026' }));
    expect(bounds(year)).toEqual(['2026-01-01', '2026-12-31', '2026-01-01T00:00:00.000+01:00', '2027-01-01T00:00:00.000+01:00']);
  });

  test('two dates, up to five years', () => {
    const range = ok(parsePeriod({ from: '2026-03-29', to: '2026-03-29' }));
    // The day summer time starts has 23 hours.
    expect(range.endsBefore.getTime() - range.startsAt.getTime()).toBe(23 * 3_600_000);
    expect(range).toMatchObject({ kind: 'range', value: '2026-03-29/2026-03-29', label: { nl: '29 maart 2026 t/m 29 maart 2026' } });
    expect(ok(parsePeriod({ from: '2022-01-01', to: '2026-12-31' })).to).toBe('2026-12-31');
    expect(refused(parsePeriod({ from: '2022-01-01', to: '2027-01-01' }))).toMatchObject({ code: 'too-long', field: 'to' });
    // From 29 February: five years end on 28 February.
    expect(ok(parsePeriod({ from: '2024-02-29', to: '2029-02-28' })).from).toBe('2024-02-29');
    expect(refused(parsePeriod({ from: '2024-02-29', to: '2029-03-01' })).code).toBe('too-long');
  });

  test('refusals carry a reason in Dutch and English', () => {
    expect(refused(parsePeriod({ period: 'week', value: '2026-44' }))).toEqual({
      code: 'unknown-period',
      field: 'period',
      message: {
        nl: 'Onbekende soort periode "week": kies maand (month), kwartaal (quarter) of jaar (year).',
        en: 'Unknown kind of period "week": choose month, quarter or year.',
      },
    });
    expect(refused(parsePeriod({ period: 'week' })).code).toBe('unknown-period');
    expect(refused(parsePeriod({ from: '2026-05-01', to: '2026-04-01' }))).toEqual({
      code: 'from-after-to',
      field: 'from',
      message: {
        nl: 'De begindatum (2026-05-01) ligt na de einddatum (2026-04-01).',
        en: 'The start date (2026-05-01) is after the end date (2026-04-01).',
      },
    });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ from: '2026-02-30', to: '2026-03-31' }, 'invalid-date', 'from'],
      [{ from: '2026-01-01', to: '31-12-2026' }, 'invalid-date', 'to'],
      [{ from: '2026-1-1', to: '2026-12-31' }, 'invalid-date', 'from'],
      [{ period: 'month', value: '2026-13' }, 'invalid-value', 'value'],
      [{ period: 'month', value: '2026-10-01' }, 'invalid-value', 'value'],
      [{ period: 'quarter', value: '2026-Q5' }, 'invalid-value', 'value'],
      [{ period: 'year', value: '26' }, 'invalid-value', 'value'],
      [{ period: 'month' }, 'missing-period', 'value'],
      [{ value: '2026-10' }, 'missing-period', 'period'],
      [{ from: '2026-01-01' }, 'missing-period', 'to'],
      [{}, 'missing-period', 'period'],
      [{ period: 'month', value: '2026-10', from: '2026-01-01' }, 'ambiguous-period', 'period'],
      [{ period: 'month', value: ['2026-10', '2026-11'] }, 'invalid-value', 'value'],
    ];
    for (const [input, code, field] of cases) {
      const error = refused(parsePeriod(input));
      expect([input, error.code, error.field]).toEqual([input, code, field]);
      expect(error.message.nl).not.toBe('');
      expect(error.message.en).not.toBe('');
    }
  });

  test('the period a scheduled report covers, from the moment it runs', () => {
    const run = new Date('2026-12-01T07:00:00+01:00'); // 06:00 UTC
    expect(periodJustEnded('monthly', run).value).toBe('2026-11');
    expect(periodJustEnded('quarterly', run).value).toBe('2026-Q3');
    expect(periodJustEnded('yearly', run).value).toBe('2025');
    // 00:30 on 1 January in Amsterdam is still 31 December in UTC and further west.
    const newYear = new Date('2027-01-01T00:30:00+01:00');
    expect(periodJustEnded('monthly', newYear).value).toBe('2026-12');
    expect(periodJustEnded('quarterly', newYear).value).toBe('2026-Q4');
    expect(periodJustEnded('yearly', newYear).value).toBe('2026');
    // 23:30 on 31 October in Amsterdam is 22:30 UTC: October still, whatever the host says.
    expect(periodContaining('month', new Date('2026-10-31T23:30:00+01:00')).value).toBe('2026-10');
    expect(periodJustEnded('monthly', new Date('2026-03-01T00:00:00+01:00')).to).toBe('2026-02-28');
  });

  test('the 12 months of a trend end with the month in which the period ends', () => {
    expect(trendMonths(monthOf('2026-11')).map((m) => m.value)).toEqual([
      '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11',
    ]);
    const q4 = ok(parsePeriod({ period: 'quarter', value: '2026-Q4' }));
    expect(trendMonths(q4).map((m) => m.value)).toEqual([
      '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12',
    ]);
    expect(trendMonths(ok(parsePeriod({ from: '2026-01-15', to: '2026-02-10' })))[11]).toMatchObject({ from: '2026-02-01', to: '2026-02-28' });
  });

  test('a period gives back the request that makes it', () => {
    expect(periodRequest(monthOf('2026-10'))).toEqual({ period: 'month', value: '2026-10' });
    expect(periodRequest(ok(parsePeriod({ from: '2026-01-01', to: '2026-01-31' })))).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(startOfAmsterdamDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfAmsterdamDay('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });
});

describe('filters', () => {
  test('type, category and channel: known values only', () => {
    expect(ok(parseFilters({ caseType: 'complaint', category: 'billing', channel: 'phone' })))
      .toEqual({ caseType: 'complaint', category: 'billing', channel: 'phone' });
    expect(ok(parseFilters({ caseType: '', other: 'x' }))).toEqual({});
    expect(refused(parseFilters({ category: 'facturen' }))).toEqual({
      code: 'unknown-filter',
      field: 'category',
      message: {
        nl: 'Onbekende categorie "facturen"; kies uit: product, malfunction, delivery, billing, service, other.',
        en: 'Unknown category "facturen"; choose from: product, malfunction, delivery, billing, service, other.',
      },
    });
    expect(refused(parseFilters({ channel: 'email' })).message.nl).toBe('Onbekend kanaal "email"; kies uit: web, phone.');
    expect(refused(parseFilters({ caseType: ['complaint'] })).field).toBe('caseType');
  });

  test('a whole request, as from a query string', () => {
    const request = ok(parseAnalysisRequest({ period: 'quarter', value: '2026-Q4', channel: 'web' }));
    expect(request.period.value).toBe('2026-Q4');
    expect(request.filters).toEqual({ channel: 'web' });
    expect(refused(parseAnalysisRequest({ period: 'quarter', value: '2026-Q4', caseType: 'klacht' })).field).toBe('caseType');
    expect(refused(parseAnalysisRequest({ from: '2026-12-01', to: '2026-11-01', caseType: 'klacht' })).code).toBe('from-after-to');
  });
});
