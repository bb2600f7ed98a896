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

test('a deadline the calendar keeps is the same for every receipt time of that day, and changing one handed out changes nothing kept', () => {
  const calendar = new WorkingDayCalendar();
  const morning = calendar.addWorkingDays(new Date('2026-12-24T07:00:00Z'), 5);
  const evening = calendar.addWorkingDays(new Date('2026-12-24T22:30:00Z'), 5); // 23:30 Amsterdam, the same date
  expect(evening).toEqual(morning);
  morning.deadline.setTime(0);
  morning.skipped.length = 0;
  expect(calendar.addWorkingDays(new Date('2026-12-24T12:00:00Z'), 5)).toEqual(evening);
  expect(calendar.addWorkingDays(new Date('2026-12-24T12:00:00Z'), 5)).toEqual(new WorkingDayCalendar().addWorkingDays(new Date('2026-12-24T12:00:00Z'), 5));
  // The next Amsterdam date (00:30 on the 25th) is another day.
  expect(calendar.addWorkingDays(new Date('2026-12-24T23:30:00Z'), 5)).toEqual(new WorkingDayCalendar().addWorkingDays(new Date('2026-12-24T23:30:00Z'), 5));
});
