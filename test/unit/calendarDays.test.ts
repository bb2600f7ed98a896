/**
 * Periods in calendar days (the objection window) under the Algemene termijnenwet, art. 1: a
 * period that ends on a Saturday, Sunday or holiday of the calendar runs to the end of the next
 * day that is none of those. Closure days are no such days. Every date was worked out by hand and
 * its weekday checked against a real calendar (Python's datetime).
 */
import { formatAmsterdam, WorkingDayCalendar, type CalendarOptions } from '../../src/calendar/workingDays';
import { plannedDeadline } from '../../src/domain/deadlines';

const atw = new WorkingDayCalendar();
const calendar = (options: Partial<CalendarOptions>) => new WorkingDayCalendar({ goodFriday: false, liberationDay: 'every-year', closureDays: [], ...options });
const end = (from: string, days: number, c = atw) => formatAmsterdam(c.addCalendarDays(new Date(from), days).deadline);

test('the design example: 30 days from Wednesday 25 November 2026 end on Monday 28 December, not on Christmas Day', () => {
  // 25 Nov + 30 = Friday 25 December 2026, Eerste Kerstdag; Saturday 26 (Tweede Kerstdag, a
  // weekend day) and Sunday 27 follow; Monday 28 December is the first day that is none of those.
  const result = atw.addCalendarDays(new Date('2026-11-25T14:00:00+01:00'), 30);
  expect(formatAmsterdam(result.deadline)).toBe('2026-12-28T23:59:59.999+01:00');
  expect(result.calendarVersion).toBe(atw.version);
  const days = [
    { date: '2026-12-25', reason: 'holiday', name: 'Eerste Kerstdag' },
    { date: '2026-12-26', reason: 'weekend' },
    { date: '2026-12-27', reason: 'weekend' },
  ];
  expect(result.extension).toEqual({ originalEnd: '2026-12-25', days });
  expect(result.skipped).toEqual(days);
});

test('a window that ends on a weekday that is no holiday is not extended', () => {
  // Monday 15 March 2027 + 30 = Wednesday 14 April 2027, summer time.
  const result = atw.addCalendarDays(new Date('2027-03-15T10:00:00+01:00'), 30);
  expect(formatAmsterdam(result.deadline)).toBe('2027-04-14T23:59:59.999+02:00');
  expect(result.extension).toBeUndefined();
  expect(result.skipped).toEqual([]);
});

test('a window that ends on a Sunday or a Saturday runs to the end of Monday', () => {
  // Friday 15 January 2027 + 30 = Sunday 14 February 2027 -> Monday 15 February.
  expect(end('2027-01-15T14:00:00+01:00', 30)).toBe('2027-02-15T23:59:59.999+01:00');
  expect(atw.addCalendarDays(new Date('2027-01-15T14:00:00+01:00'), 30).extension)
    .toEqual({ originalEnd: '2027-02-14', days: [{ date: '2027-02-14', reason: 'weekend' }] });
  // Friday 1 January 2027 + 29 = Saturday 30 January -> Sunday 31 -> Monday 1 February.
  expect(end('2027-01-01T12:00:00+01:00', 29)).toBe('2027-02-01T23:59:59.999+01:00');
});

test('a window that ends on Koningsdag 2027 (Tuesday 27 April) runs to the end of Wednesday 28 April', () => {
  // From Easter Sunday 28 March 2027, the day summer time starts (10:00 is +02:00):
  // 28 March + 30 = Tuesday 27 April 2027, Koningsdag.
  const result = atw.addCalendarDays(new Date('2027-03-28T10:00:00+02:00'), 30);
  expect(formatAmsterdam(result.deadline)).toBe('2027-04-28T23:59:59.999+02:00');
  expect(result.extension).toEqual({ originalEnd: '2027-04-27', days: [{ date: '2027-04-27', reason: 'holiday', name: 'Koningsdag' }] });
});

test('5 mei extends a window when the calendar counts it', () => {
  // Monday 5 April 2027 + 30 = Wednesday 5 May 2027. Every year: 5 May Bevrijdingsdag and
  // Thursday 6 May Hemelvaartsdag -> Friday 7 May. Never (and every fifth year, 2027 not being
  // one): 5 May is an ordinary Wednesday.
  expect(end('2027-04-05T09:00:00+02:00', 30)).toBe('2027-05-07T23:59:59.999+02:00');
  expect(atw.addCalendarDays(new Date('2027-04-05T09:00:00+02:00'), 30).skipped.map((d) => d.name))
    .toEqual(['Bevrijdingsdag', 'Hemelvaartsdag']);
  expect(end('2027-04-05T09:00:00+02:00', 30, calendar({ liberationDay: 'never' }))).toBe('2027-05-05T23:59:59.999+02:00');
  expect(end('2027-04-05T09:00:00+02:00', 30, calendar({ liberationDay: 'every-fifth-year' }))).toBe('2027-05-05T23:59:59.999+02:00');
  // Saturday 5 April 2025 + 30 = Monday 5 May 2025, a lustrum year: extended to Tuesday 6 May
  // every year and every fifth year, not with 'never'.
  expect(end('2025-04-05T09:00:00+02:00', 30, calendar({ liberationDay: 'every-fifth-year' }))).toBe('2025-05-06T23:59:59.999+02:00');
  expect(end('2025-04-05T09:00:00+02:00', 30)).toBe('2025-05-06T23:59:59.999+02:00');
  expect(end('2025-04-05T09:00:00+02:00', 30, calendar({ liberationDay: 'never' }))).toBe('2025-05-05T23:59:59.999+02:00');
});

test('Goede Vrijdag extends a window only when the calendar counts it', () => {
  // Wednesday 24 February 2027 + 30 = Friday 26 March 2027, Goede Vrijdag. With it: 26 Goede
  // Vrijdag, 27/28 weekend (Easter), Monday 29 Tweede Paasdag -> Tuesday 30 March (summer time).
  expect(end('2027-02-24T12:00:00+01:00', 30)).toBe('2027-03-26T23:59:59.999+01:00');
  const withGoodFriday = calendar({ goodFriday: true }).addCalendarDays(new Date('2027-02-24T12:00:00+01:00'), 30);
  expect(formatAmsterdam(withGoodFriday.deadline)).toBe('2027-03-30T23:59:59.999+02:00');
  expect(withGoodFriday.skipped.map((d) => [d.date, d.reason, d.name])).toEqual([
    ['2027-03-26', 'holiday', 'Goede Vrijdag'],
    ['2027-03-27', 'weekend', undefined],
    ['2027-03-28', 'weekend', undefined],
    ['2027-03-29', 'holiday', 'Tweede Paasdag'],
  ]);
});

test('closure days neither extend a window nor stop an extension from ending on them', () => {
  // Tuesday 1 December 2026 + 30 = Thursday 31 December 2026, a closure day: the window ends then.
  const closed = calendar({ closureDays: ['2026-12-31', '2026-12-28'] });
  const result = closed.addCalendarDays(new Date('2026-12-01T10:00:00+01:00'), 30);
  expect(formatAmsterdam(result.deadline)).toBe('2026-12-31T23:59:59.999+01:00');
  expect(result.extension).toBeUndefined();
  // The design example with Monday 28 December a closure day: still Monday 28 December.
  expect(end('2026-11-25T14:00:00+01:00', 30, closed)).toBe('2026-12-28T23:59:59.999+01:00');
});

test('a run of days off: Christmas on a weekend (2027) and on Monday and Tuesday (2028)', () => {
  // Thursday 25 November 2027 + 30 = Saturday 25 December 2027 (Eerste Kerstdag on a Saturday),
  // Sunday 26 (Tweede Kerstdag on a Sunday); Monday 27 December 2027 is a working day (no
  // substitute holidays in the Algemene termijnenwet).
  const y2027 = atw.addCalendarDays(new Date('2027-11-25T12:00:00+01:00'), 30);
  expect(formatAmsterdam(y2027.deadline)).toBe('2027-12-27T23:59:59.999+01:00');
  expect(y2027.extension).toEqual({
    originalEnd: '2027-12-25',
    days: [{ date: '2027-12-25', reason: 'weekend' }, { date: '2027-12-26', reason: 'weekend' }],
  });
  // Thursday 23 November 2028 + 30 = Saturday 23 December 2028; 24 Sunday, 25 Monday Eerste
  // Kerstdag, 26 Tuesday Tweede Kerstdag -> Wednesday 27 December 2028.
  const y2028 = atw.addCalendarDays(new Date('2028-11-23T12:00:00+01:00'), 30);
  expect(formatAmsterdam(y2028.deadline)).toBe('2028-12-27T23:59:59.999+01:00');
  expect(y2028.skipped.map((d) => d.date)).toEqual(['2028-12-23', '2028-12-24', '2028-12-25', '2028-12-26']);
});

test('the Amsterdam date of the start counts, not the UTC date', () => {
  // 23:30 UTC on Wednesday 25 November 2026 is Thursday 26 November 00:30 in Amsterdam:
  // + 30 = Saturday 26 December (Tweede Kerstdag), Sunday 27 -> Monday 28 December.
  const result = atw.addCalendarDays(new Date('2026-11-25T23:30:00Z'), 30);
  expect(formatAmsterdam(result.deadline)).toBe('2026-12-28T23:59:59.999+01:00');
  expect(result.extension?.originalEnd).toBe('2026-12-26');
});

test('refuses a count that is not a positive whole number', () => {
  expect(() => atw.addCalendarDays(new Date(), 0)).toThrow(RangeError);
  expect(() => atw.addCalendarDays(new Date(), 2.5)).toThrow(RangeError);
});

test('the objection window of a case follows art. 1', () => {
  expect(plannedDeadline(atw, new Date('2026-11-25T14:00:00+01:00'), { calendarDays: 30 }))
    .toEqual({ at: '2026-12-28T22:59:59.999Z', calendarVersion: atw.version });
  expect(plannedDeadline(atw, new Date('2027-01-15T14:00:00+01:00'), { calendarDays: 30 }).at).toBe('2027-02-15T22:59:59.999Z');
});
