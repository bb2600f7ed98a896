import {
  addDaysToDate,
  amsterdamDate,
  endOfAmsterdamDay,
  formatAmsterdam,
  hoursAfter,
  weekdayOf,
  WorkingDayCalendar,
} from '../../src/calendar/workingDays';

const atw = new WorkingDayCalendar();
const deadline = (from: string, days: number, calendar = atw) => formatAmsterdam(calendar.addWorkingDays(new Date(from), days).deadline);

describe('working days (Algemene termijnenwet, Europe/Amsterdam)', () => {
  test('the design example: received Thursday 24 December 2026 16:00', () => {
    expect(deadline('2026-12-24T16:00:00+01:00', 5)).toBe('2027-01-04T23:59:59.999+01:00');
    expect(deadline('2026-12-24T16:00:00+01:00', 34)).toBe('2027-02-12T23:59:59.999+01:00');
  });

  test('the receipt date does not count, whatever the hour', () => {
    expect(deadline('2026-11-23T00:00:01+01:00', 1)).toBe('2026-11-24T23:59:59.999+01:00');
    expect(deadline('2026-11-23T23:59:00+01:00', 1)).toBe('2026-11-24T23:59:59.999+01:00');
  });

  test('the Amsterdam date counts, not the UTC date', () => {
    // 23:30 UTC on Sunday is already Monday 00:30 in Amsterdam.
    expect(deadline('2026-11-22T23:30:00Z', 1)).toBe('2026-11-24T23:59:59.999+01:00');
  });

  test('a case received on a weekend counts from the next working day', () => {
    expect(deadline('2026-11-28T10:00:00+01:00', 1)).toBe('2026-11-30T23:59:59.999+01:00');
    expect(deadline('2026-11-29T10:00:00+01:00', 5)).toBe('2026-12-04T23:59:59.999+01:00');
  });

  test('DST changes do not shift the end of the day', () => {
    // Summer time starts 29 March 2026; winter time returns 25 October 2026.
    expect(deadline('2026-03-26T10:00:00+01:00', 3)).toBe('2026-03-31T23:59:59.999+02:00');
    expect(deadline('2026-10-22T10:00:00+02:00', 3)).toBe('2026-10-27T23:59:59.999+01:00');
  });

  test('the holidays of the Algemene termijnenwet are skipped, Goede Vrijdag is not', () => {
    expect(atw.dayOff('2026-01-01')).toMatchObject({ reason: 'holiday', name: 'Nieuwjaarsdag' });
    expect(atw.dayOff('2026-04-03')).toBeUndefined(); // Goede Vrijdag
    expect(atw.dayOff('2026-04-06')).toMatchObject({ name: 'Tweede Paasdag' });
    expect(atw.dayOff('2026-04-27')).toMatchObject({ name: 'Koningsdag' });
    expect(atw.dayOff('2026-05-05')).toMatchObject({ name: 'Bevrijdingsdag' });
    expect(atw.dayOff('2026-05-14')).toMatchObject({ name: 'Hemelvaartsdag' });
    expect(atw.dayOff('2026-05-25')).toMatchObject({ name: 'Tweede Pinksterdag' });
    expect(atw.dayOff('2026-12-25')).toMatchObject({ name: 'Eerste Kerstdag' });
    expect(atw.dayOff('2027-12-27')).toBeUndefined(); // Monday after a Christmas weekend: no substitute day
    expect(atw.dayOff('2026-11-11')).toBeUndefined(); // an observance, not a holiday
  });

  test('Koningsdag on a Sunday moves to Saturday 26 April: no working day is lost', () => {
    expect(atw.dayOff('2025-04-26')).toMatchObject({ reason: 'weekend' });
    expect(atw.dayOff('2025-04-28')).toBeUndefined();
    expect(deadline('2025-04-25T12:00:00+02:00', 1)).toBe('2025-04-28T23:59:59.999+02:00');
  });

  test('Goede Vrijdag, 5 mei and closure days are options that change the calendar version', () => {
    const custom = new WorkingDayCalendar({ goodFriday: true, liberationDay: 'every-fifth-year', closureDays: ['2026-12-31'] });
    expect(custom.dayOff('2026-04-03')).toMatchObject({ reason: 'holiday', name: 'Goede Vrijdag' });
    expect(custom.dayOff('2026-05-05')).toBeUndefined();
    expect(custom.dayOff('2030-05-06')).toBeUndefined();
    expect(custom.dayOff('2025-05-05')).toMatchObject({ name: 'Bevrijdingsdag' });
    expect(custom.dayOff('2026-12-31')).toMatchObject({ reason: 'closure' });
    expect(custom.version).not.toBe(atw.version);
    expect(new WorkingDayCalendar({ goodFriday: false, liberationDay: 'never', closureDays: [] }).dayOff('2026-05-05')).toBeUndefined();
    expect(new WorkingDayCalendar().version).toBe(atw.version);
  });

  test('every deadline explains the days it skipped', () => {
    const { skipped, calendarVersion } = atw.addWorkingDays(new Date('2026-12-24T16:00:00+01:00'), 5);
    expect(calendarVersion).toBe(atw.version);
    expect(skipped).toEqual([
      { date: '2026-12-25', reason: 'holiday', name: 'Eerste Kerstdag' },
      { date: '2026-12-26', reason: 'weekend' },
      { date: '2026-12-27', reason: 'weekend' },
      { date: '2027-01-01', reason: 'holiday', name: 'Nieuwjaarsdag' },
      { date: '2027-01-02', reason: 'weekend' },
      { date: '2027-01-03', reason: 'weekend' },
    ]);
  });

  test('refuses a count that is not a positive whole number', () => {
    expect(() => atw.addWorkingDays(new Date(), 0)).toThrow(RangeError);
    expect(() => atw.addWorkingDays(new Date(), 1.5)).toThrow(RangeError);
  });
});

describe('the holidays of 2025-2031', () => {
  // Easter Sunday: 20-04-2025, 05-04-2026, 28-03-2027, 16-04-2028, 01-04-2029, 21-04-2030, 13-04-2031.
  const expected: Record<number, string[]> = {
    2025: ['01-01', '04-21', '04-26', '05-05', '05-29', '06-09', '12-25', '12-26'],
    2026: ['01-01', '04-06', '04-27', '05-05', '05-14', '05-25', '12-25', '12-26'],
    2027: ['01-01', '03-29', '04-27', '05-05', '05-06', '05-17', '12-25', '12-26'],
    2028: ['01-01', '04-17', '04-27', '05-05', '05-25', '06-05', '12-25', '12-26'],
    2029: ['01-01', '04-02', '04-27', '05-05', '05-10', '05-21', '12-25', '12-26'],
    2030: ['01-01', '04-22', '04-27', '05-05', '05-30', '06-10', '12-25', '12-26'],
    2031: ['01-01', '04-14', '04-26', '05-05', '05-22', '06-02', '12-25', '12-26'],
  };

  test.each(Object.keys(expected).map(Number))('%i', (year) => {
    expect(atw.holidaysIn(year).map((h) => h.date)).toEqual(expected[year]!.map((md) => `${year}-${md}`));
    expect(atw.holidaysIn(year).map((h) => h.name)).toEqual([
      'Nieuwjaarsdag', 'Tweede Paasdag', 'Koningsdag', 'Bevrijdingsdag', 'Hemelvaartsdag',
      'Tweede Pinksterdag', 'Eerste Kerstdag', 'Tweede Kerstdag',
    ]);
  });

  test('Goede Vrijdag, when chosen, is two days before Easter', () => {
    const withGoodFriday = new WorkingDayCalendar({ goodFriday: true, liberationDay: 'every-year', closureDays: [] });
    const goodFridays = [2025, 2026, 2027, 2028, 2029, 2030, 2031]
      .map((y) => withGoodFriday.holidaysIn(y).find((h) => h.name === 'Goede Vrijdag')?.date);
    expect(goodFridays).toEqual(['2025-04-18', '2026-04-03', '2027-03-26', '2028-04-14', '2029-03-30', '2030-04-19', '2031-04-11']);
  });
});

describe('receipt at awkward moments', () => {
  test('late on a Friday: the weekend does not count', () => {
    expect(deadline('2026-11-27T23:59:00+01:00', 1)).toBe('2026-11-30T23:59:59.999+01:00');
    expect(deadline('2026-11-27T23:59:00+01:00', 5)).toBe('2026-12-04T23:59:59.999+01:00');
  });

  test('on a holiday: counting starts the next working day', () => {
    // Hemelvaartsdag Thursday 14 May 2026; Friday 15 May is a working day.
    expect(deadline('2026-05-14T11:00:00+02:00', 1)).toBe('2026-05-15T23:59:59.999+02:00');
    // Tweede Kerstdag on a Saturday (2026): Monday 28 December is working day 1.
    expect(deadline('2026-12-25T09:00:00+01:00', 1)).toBe('2026-12-28T23:59:59.999+01:00');
  });

  test('at 23:59 the day is still the receipt date; a minute later it is the next', () => {
    expect(deadline('2026-06-01T23:59:00+02:00', 1)).toBe('2026-06-02T23:59:59.999+02:00');
    expect(deadline('2026-06-02T00:00:00+02:00', 1)).toBe('2026-06-03T23:59:59.999+02:00');
  });

  test('across Koningsdag, Bevrijdingsdag and Hemelvaart in one stretch (2027)', () => {
    // Received Monday 26 April 2027: 27 April Koningsdag; working days 28, 29, 30 April, 3, 4 May;
    // 5 and 6 May Bevrijdingsdag and Hemelvaartsdag; 7 May is the 6th, Monday 10 May the 7th.
    expect(deadline('2027-04-26T12:00:00+02:00', 7)).toBe('2027-05-10T23:59:59.999+02:00');
  });

  test('counts working days waited between two instants', () => {
    expect(atw.workingDaysBetween(new Date('2026-12-28T10:00:00+01:00'), new Date('2026-12-30T15:00:00+01:00'))).toBe(2);
    expect(atw.workingDaysBetween(new Date('2026-12-24T10:00:00+01:00'), new Date('2026-12-28T09:00:00+01:00'))).toBe(1);
    expect(atw.workingDaysBetween(new Date('2026-12-28T10:00:00+01:00'), new Date('2026-12-28T18:00:00+01:00'))).toBe(0);
  });
});

/**
 * jest.config.js runs this file under TZ=UTC, Pacific/Kiritimati (UTC+14), America/Los_Angeles
 * (UTC-8/-7) and Pacific/Honolulu (UTC-10): every answer below must be the same in each. Before
 * the calendar built its days from Amsterdam date components, `dayOff` parsed
 * "yyyy-MM-ddT12:00:00" in the host's zone, so a host far from Amsterdam judged each date as its
 * neighbour.
 */
describe('no date depends on the host time zone', () => {
  test('Christmas 2026 under UTC+14: 5 working days still end on Monday 4 January', () => {
    // Noon in Kiritimati is 23:00 the day before in Amsterdam (winter): the old dayOff judged
    // Monday 28 December as Sunday 27 and Saturday 2 January as Friday 1 (Nieuwjaarsdag, looked up
    // in 2026's holidays: not found), so the count ended on Saturday 2 January 2027.
    // By hand: 25 Dec Eerste Kerstdag, 26/27 weekend; 28, 29, 30, 31 Dec are working days 1-4;
    // 1 Jan Nieuwjaarsdag, 2/3 weekend; Monday 4 January is working day 5.
    const result = atw.addWorkingDays(new Date('2026-12-24T16:00:00+01:00'), 5);
    expect(formatAmsterdam(result.deadline)).toBe('2027-01-04T23:59:59.999+01:00');
    expect(result.skipped.map((d) => d.date)).toEqual(['2026-12-25', '2026-12-26', '2026-12-27', '2027-01-01', '2027-01-02', '2027-01-03']);
  });

  test('May 2027 under UTC-10 (Honolulu): 5 working days from Friday 30 April end on Tuesday 11 May', () => {
    // Noon in Honolulu is midnight the next day in Amsterdam (summer): the old dayOff judged each
    // date as the next one and ended on Monday 10 May.
    // By hand: 1/2 May weekend; Mon 3 (1), Tue 4 (2); Wed 5 Bevrijdingsdag, Thu 6 Hemelvaartsdag;
    // Fri 7 (3); 8/9 weekend; Mon 10 (4), Tue 11 (5).
    const result = atw.addWorkingDays(new Date('2027-04-30T12:00:00+02:00'), 5);
    expect(formatAmsterdam(result.deadline)).toBe('2027-05-11T23:59:59.999+02:00');
    expect(result.skipped).toEqual([
      { date: '2027-05-01', reason: 'weekend' },
      { date: '2027-05-02', reason: 'weekend' },
      { date: '2027-05-05', reason: 'holiday', name: 'Bevrijdingsdag' },
      { date: '2027-05-06', reason: 'holiday', name: 'Hemelvaartsdag' },
      { date: '2027-05-08', reason: 'weekend' },
      { date: '2027-05-09', reason: 'weekend' },
    ]);
  });

  test('a date is judged as itself, also at the turn of the year', () => {
    expect(atw.dayOff('2027-01-01')).toEqual({ date: '2027-01-01', reason: 'holiday', name: 'Nieuwjaarsdag' });
    expect(atw.dayOff('2026-12-31')).toBeUndefined(); // Thursday
    expect(atw.dayOff('2027-01-04')).toBeUndefined(); // Monday
    expect(atw.dayOff('2027-01-02')).toEqual({ date: '2027-01-02', reason: 'weekend' }); // Saturday
    expect(weekdayOf('2027-04-27')).toBe(2); // Tuesday, Koningsdag
  });

  test('one working day after every day of 2026 to 2028 is a working day, judged without the calendar', () => {
    // Independent check: the weekday from Date.UTC and the holiday list, no dayOff.
    const holidays = new Set([2026, 2027, 2028, 2029].flatMap((y) => atw.holidaysIn(y).map((h) => h.date)));
    for (let t = Date.UTC(2026, 0, 1, 11); t < Date.UTC(2029, 0, 1); t += 86_400_000) {
      const date = amsterdamDate(atw.addWorkingDays(new Date(t), 1).deadline);
      const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
      if (weekday === 0 || weekday === 6 || holidays.has(date)) throw new Error(`${new Date(t).toISOString()} + 1 working day = ${date}`);
    }
  });

  test('Amsterdam dates and the ends of Amsterdam days', () => {
    expect(amsterdamDate(new Date('2026-11-22T22:59:59.999Z'))).toBe('2026-11-22');
    expect(amsterdamDate(new Date('2026-11-22T23:00:00Z'))).toBe('2026-11-23');
    expect(amsterdamDate(new Date('2026-07-01T21:59:59.999Z'))).toBe('2026-07-01');
    expect(amsterdamDate(new Date('2026-07-01T22:00:00Z'))).toBe('2026-07-02');
    // Summer time starts on Sunday 29 March 2026 and ends on Sunday 25 October 2026.
    expect(endOfAmsterdamDay('2026-03-28').toISOString()).toBe('2026-03-28T22:59:59.999Z');
    expect(endOfAmsterdamDay('2026-03-29').toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(endOfAmsterdamDay('2026-10-25').toISOString()).toBe('2026-10-25T22:59:59.999Z');
    expect(formatAmsterdam(new Date('2026-10-25T00:30:00Z'))).toBe('2026-10-25T02:30:00.000+02:00');
    expect(formatAmsterdam(new Date('2026-10-25T01:30:00Z'))).toBe('2026-10-25T02:30:00.000+01:00');
    expect(addDaysToDate('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDaysToDate('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDaysToDate('2026-03-29', -1)).toBe('2026-03-28');
    expect(hoursAfter(new Date('2026-03-28T12:00:00+01:00'), 24).toISOString()).toBe('2026-03-29T11:00:00.000Z');
  });

  test('refuses what is not a date', () => {
    expect(() => atw.dayOff('2026-02-30')).toThrow(RangeError);
    expect(() => atw.dayOff('2026-2-3')).toThrow(RangeError);
    expect(() => amsterdamDate(new Date('nonsense'))).toThrow(RangeError);
    expect(() => formatAmsterdam(new Date(NaN))).toThrow(RangeError);
  });
});
