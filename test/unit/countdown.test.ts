import { countdown } from '../../src/calendar/countdown';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { formatCountdown } from '../../src/i18n/dates';

const calendar = new WorkingDayCalendar();
const at = (iso: string) => new Date(iso);
const text = (deadline: string, now: string, lang: 'nl' | 'en' = 'nl') => formatCountdown(countdown(calendar, at(deadline), at(now)), lang);

// Wed 23 Dec 2026; Christmas (Fri 25, Sat 26) and the weekend lie ahead.
const NOW = '2026-12-23T10:00:00+01:00';

test('a deadline counts down in working days: today, tomorrow, then the working days left', () => {
  expect(text('2026-12-23T23:59:59+01:00', NOW)).toBe('vandaag');
  expect(text('2026-12-24T23:59:59+01:00', NOW)).toBe('morgen');
  // Mon 28 Dec: Thu 24 and Mon 28 (Christmas and the weekend are no working days).
  expect(text('2026-12-28T23:59:59+01:00', NOW)).toBe('nog 2 werkdagen');
  expect(text('2026-12-28T23:59:59+01:00', NOW, 'en')).toBe('2 working days left');
  expect(text('2026-12-29T23:59:59+01:00', '2026-12-24T10:00:00+01:00')).toBe('nog 2 werkdagen');
  expect(text('2026-12-24T23:59:59+01:00', '2026-12-22T10:00:00+01:00')).toBe('nog 2 werkdagen');
});

test('a passed deadline says how many working days late, or "verlopen" before a working day has passed', () => {
  expect(text('2026-12-23T09:00:00+01:00', NOW)).toBe('verlopen');
  expect(text('2026-12-22T23:59:59+01:00', NOW)).toBe('1 werkdag te laat');
  // Due Thu 24 Dec, now Mon 28: only Monday counts.
  expect(text('2026-12-24T23:59:59+01:00', '2026-12-28T10:00:00+01:00')).toBe('1 werkdag te laat');
  expect(text('2026-12-24T23:59:59+01:00', '2026-12-26T10:00:00+01:00')).toBe('verlopen');
  expect(text('2026-12-18T23:59:59+01:00', NOW, 'en')).toBe('3 working days late');
});
