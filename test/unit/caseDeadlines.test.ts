import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { caseDeadlines } from '../../src/domain/deadlines';
import { formatReference, isReference } from '../../src/domain/reference';

const calendar = new WorkingDayCalendar();
const receivedAt = new Date('2026-12-24T16:00:00+01:00');

test('a complaint has the 24-hour, 5-working-day and 34-working-day deadlines', () => {
  expect(caseDeadlines(calendar, 'complaint', receivedAt)).toEqual({
    calendarVersion: calendar.version,
    acknowledgementDue: '2026-12-25T15:00:00.000Z',
    substantiveResponseDue: '2027-01-04T22:59:59.999Z',
    resolutionDue: '2027-02-12T22:59:59.999Z',
  });
});

test('feedback has no resolution target', () => {
  expect(caseDeadlines(calendar, 'feedback', receivedAt).resolutionDue).toBeUndefined();
});

test('references carry the type and the year', () => {
  expect(formatReference('complaint', 2026, 42)).toBe('KL-2026-000042');
  expect(formatReference('feedback', 2027, 1)).toBe('FB-2027-000001');
  expect(isReference('KL-2026-000042')).toBe(true);
  expect(isReference('KL-2026-42')).toBe(false);
  expect(isReference('XX-2026-000042')).toBe(false);
});
