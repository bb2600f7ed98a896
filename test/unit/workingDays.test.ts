import { formatAmsterdam, WorkingDayCalendar } from '../../src/calendar/workingDays';

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
