/** One explanation for every date: the structure and the Dutch and English lines. */
import { explainDeadline, explainSpan, longDate, renderExplanation, renderSpan, shortDate } from '../../src/calendar/explain';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';

const atw = new WorkingDayCalendar();

describe('a deadline in working days', () => {
  // The design example: received Thursday 24 December 2026 16:00; 25 Dec Eerste Kerstdag, 26/27
  // weekend, 28-31 Dec working days 1-4, 1 Jan Nieuwjaarsdag, 2/3 weekend, Monday 4 January day 5.
  const e = explainDeadline(atw, new Date('2026-12-24T16:00:00+01:00'), { workingDays: 5 });

  test('structure', () => {
    expect(e).toEqual({
      from: '2026-12-24T16:00:00.000+01:00',
      startDate: '2026-12-24',
      rule: { unit: 'working-days', count: 5 },
      deadline: '2027-01-04T23:59:59.999+01:00',
      deadlineDate: '2027-01-04',
      calendarVersion: atw.version,
      skipped: [
        { date: '2026-12-25', reason: 'holiday', name: 'Eerste Kerstdag' },
        { date: '2026-12-26', reason: 'weekend' },
        { date: '2026-12-27', reason: 'weekend' },
        { date: '2027-01-01', reason: 'holiday', name: 'Nieuwjaarsdag' },
        { date: '2027-01-02', reason: 'weekend' },
        { date: '2027-01-03', reason: 'weekend' },
      ],
    });
  });

  test('in Dutch and English', () => {
    expect(renderExplanation(e, 'nl')).toEqual([
      '5 werkdagen na donderdag 24 december 2026: maandag 4 januari 2027, einde van de dag.',
      'Overgeslagen: vr 25 dec (Eerste Kerstdag), za 26 en zo 27 dec (weekend), vr 1 jan (Nieuwjaarsdag), za 2 en zo 3 jan (weekend).',
    ]);
    expect(renderExplanation(e, 'en')).toEqual([
      '5 working days after Thursday 24 December 2026: Monday 4 January 2027, end of the day.',
      "Skipped: Fri 25 Dec (Christmas Day), Sat 26 and Sun 27 Dec (weekend), Fri 1 Jan (New Year's Day), Sat 2 and Sun 3 Jan (weekend).",
    ]);
  });

  test('one working day, nothing skipped, and a closure day', () => {
    // Monday 30 November 2026 + 1 = Tuesday 1 December.
    expect(renderExplanation(explainDeadline(atw, new Date('2026-11-30T09:00:00+01:00'), { workingDays: 1 }), 'nl')).toEqual([
      '1 werkdag na maandag 30 november 2026: dinsdag 1 december 2026, einde van de dag.',
      'Geen dagen overgeslagen.',
    ]);
    // Thursday 30 December 2027 + 1: Friday 31 December a closure day, 1 January 2028 a Saturday
    // (and Nieuwjaarsdag), Sunday 2 -> Monday 3 January 2028. A weekend that spans two months.
    const closed = new WorkingDayCalendar({ goodFriday: false, liberationDay: 'every-year', closureDays: ['2027-12-31'] });
    expect(renderExplanation(explainDeadline(closed, new Date('2027-12-30T09:00:00+01:00'), { workingDays: 1 }), 'en')).toEqual([
      '1 working day after Thursday 30 December 2027: Monday 3 January 2028, end of the day.',
      'Skipped: Fri 31 Dec (closure day), Sat 1 and Sun 2 Jan (weekend).',
    ]);
  });
});

describe('a period in calendar days', () => {
  test('extended past Christmas (Algemene termijnenwet, art. 1)', () => {
    // Wednesday 25 November 2026 + 30 = Friday 25 December, Eerste Kerstdag; 26/27 weekend.
    const e = explainDeadline(atw, new Date('2026-11-25T14:00:00+01:00'), { calendarDays: 30 });
    expect(e).toMatchObject({
      startDate: '2026-11-25',
      rule: { unit: 'calendar-days', count: 30 },
      deadline: '2026-12-28T23:59:59.999+01:00',
      deadlineDate: '2026-12-28',
      extension: { originalEnd: '2026-12-25', days: e.skipped },
    });
    expect(renderExplanation(e, 'nl')).toEqual([
      '30 kalenderdagen na woensdag 25 november 2026: maandag 28 december 2026, einde van de dag.',
      'De laatste dag, vrijdag 25 december 2026, is een feestdag (Eerste Kerstdag); de termijn loopt daarom door tot en met maandag 28 december 2026 (Algemene termijnenwet, art. 1).',
      'Overgeslagen: vr 25 dec (Eerste Kerstdag), za 26 en zo 27 dec (weekend).',
    ]);
    expect(renderExplanation(e, 'en')).toEqual([
      '30 calendar days after Wednesday 25 November 2026: Monday 28 December 2026, end of the day.',
      'The last day, Friday 25 December 2026, is a public holiday (Christmas Day); the period therefore runs up to and including Monday 28 December 2026 (Dutch Algemene termijnenwet, art. 1).',
      'Skipped: Fri 25 Dec (Christmas Day), Sat 26 and Sun 27 Dec (weekend).',
    ]);
  });

  test('extended past a Sunday', () => {
    // Friday 15 January 2027 + 30 = Sunday 14 February -> Monday 15 February.
    const e = explainDeadline(atw, new Date('2027-01-15T14:00:00+01:00'), { calendarDays: 30 });
    expect(renderExplanation(e, 'nl')).toEqual([
      '30 kalenderdagen na vrijdag 15 januari 2027: maandag 15 februari 2027, einde van de dag.',
      'De laatste dag, zondag 14 februari 2027, valt in het weekend; de termijn loopt daarom door tot en met maandag 15 februari 2027 (Algemene termijnenwet, art. 1).',
      'Overgeslagen: zo 14 feb (weekend).',
    ]);
  });

  test('not extended: one line, no extension', () => {
    // Monday 15 March 2027 + 30 = Wednesday 14 April 2027 (summer time).
    const e = explainDeadline(atw, new Date('2027-03-15T10:00:00+01:00'), { calendarDays: 30 });
    expect(e.extension).toBeUndefined();
    expect(e.deadline).toBe('2027-04-14T23:59:59.999+02:00');
    expect(renderExplanation(e, 'nl')).toEqual(['30 kalenderdagen na maandag 15 maart 2027: woensdag 14 april 2027, einde van de dag.']);
  });
});

describe('an existing deadline, measured', () => {
  test('a response deadline moved by two working days of waiting on the customer', () => {
    // Received 24 December 2026 16:00; due at working day 5 (Monday 4 January), moved by 2 to
    // Wednesday 6 January: working days 28, 29, 30, 31 Dec, 4, 5, 6 Jan = 7.
    const e = explainSpan(atw, new Date('2026-12-24T16:00:00+01:00'), new Date('2027-01-06T22:59:59.999Z'));
    expect(e).toEqual({
      from: '2026-12-24T16:00:00.000+01:00',
      startDate: '2026-12-24',
      to: '2027-01-06T23:59:59.999+01:00',
      endDate: '2027-01-06',
      endOfDay: true,
      workingDays: 7,
      daysOff: [
        { date: '2026-12-25', reason: 'holiday', name: 'Eerste Kerstdag' },
        { date: '2026-12-26', reason: 'weekend' },
        { date: '2026-12-27', reason: 'weekend' },
        { date: '2027-01-01', reason: 'holiday', name: 'Nieuwjaarsdag' },
        { date: '2027-01-02', reason: 'weekend' },
        { date: '2027-01-03', reason: 'weekend' },
      ],
      calendarVersion: atw.version,
    });
    expect(renderSpan(e, 'nl')).toEqual([
      '7 werkdagen na donderdag 24 december 2026: woensdag 6 januari 2027, einde van de dag.',
      'Geen werkdag: vr 25 dec (Eerste Kerstdag), za 26 en zo 27 dec (weekend), vr 1 jan (Nieuwjaarsdag), za 2 en zo 3 jan (weekend).',
    ]);
    expect(renderSpan(e, 'en')[0]).toBe('7 working days after Thursday 24 December 2026: Wednesday 6 January 2027, end of the day.');
  });

  test('a moment within a day, and a deadline before its start', () => {
    // 24 hours after Thursday 24 December 16:00 is Friday 25 December 16:00, Eerste Kerstdag.
    const e = explainSpan(atw, new Date('2026-12-24T16:00:00+01:00'), new Date('2026-12-25T16:00:00+01:00'));
    expect(e).toMatchObject({ endOfDay: false, workingDays: 0, daysOff: [{ date: '2026-12-25', reason: 'holiday', name: 'Eerste Kerstdag' }] });
    expect(renderSpan(e, 'nl')).toEqual([
      '0 werkdagen na donderdag 24 december 2026: vrijdag 25 december 2026, om 16:00.',
      'Geen werkdag: vr 25 dec (Eerste Kerstdag).',
    ]);
    expect(explainSpan(atw, new Date('2026-12-24T16:00:00+01:00'), new Date('2026-12-20T12:00:00+01:00')))
      .toMatchObject({ workingDays: 0, daysOff: [] });
  });
});

test('dates in words', () => {
  expect(longDate('2027-04-27', 'nl')).toBe('dinsdag 27 april 2027');
  expect(longDate('2027-04-27', 'en')).toBe('Tuesday 27 April 2027');
  expect(shortDate('2027-03-26', 'nl')).toBe('vr 26 mrt');
  expect(shortDate('2027-03-26', 'en')).toBe('Fri 26 Mar');
});
