import { DEFAULT_CALENDAR_OPTIONS, WorkingDayCalendar } from '../../src/calendar/workingDays';
import { calendarFor } from '../../src/db/settings';

test('one calendar per setting is shared, and it counts as a calendar of its own would', () => {
  const shared = calendarFor(DEFAULT_CALENDAR_OPTIONS);
  expect(calendarFor(JSON.parse(JSON.stringify(DEFAULT_CALENDAR_OPTIONS)))).toBe(shared);
  const closed = { ...DEFAULT_CALENDAR_OPTIONS, closureDays: ['2026-12-28'] };
  expect(calendarFor(closed)).not.toBe(shared);
  expect(calendarFor(closed).version).toBe(new WorkingDayCalendar(closed).version);
  const received = new Date('2026-12-24T15:00:00Z');
  expect(calendarFor(closed).addWorkingDays(received, 5)).toEqual(new WorkingDayCalendar(closed).addWorkingDays(received, 5));
});
