import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { caseDeadlines, plannedDeadline, shiftDeadlines } from '../../src/domain/deadlines';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { formatReference, isReference } from '../../src/domain/reference';

const calendar = new WorkingDayCalendar();
const receivedAt = new Date('2026-12-24T16:00:00+01:00');

test('a complaint has the 24-hour, 5-working-day and 34-working-day deadlines, a reminder and warnings', () => {
  expect(caseDeadlines(calendar, 'complaint', receivedAt, DEFAULT_POLICY)).toEqual({
    calendarVersion: calendar.version,
    acknowledgementDue: '2026-12-25T15:00:00.000Z',
    substantiveResponseReminder: '2026-12-30T22:59:59.999Z',
    substantiveResponseDue: '2027-01-04T22:59:59.999Z',
    resolutionWarnings: [
      { workingDay: 25, at: '2027-02-01T22:59:59.999Z' },
      { workingDay: 30, at: '2027-02-08T22:59:59.999Z' },
    ],
    resolutionDue: '2027-02-12T22:59:59.999Z',
  });
});

test('feedback has no resolution target; warning days are a policy setting', () => {
  const feedback = caseDeadlines(calendar, 'feedback', receivedAt, DEFAULT_POLICY);
  expect(feedback.resolutionDue).toBeUndefined();
  expect(feedback.resolutionWarnings).toBeUndefined();
  const custom = caseDeadlines(calendar, 'complaint', receivedAt, { resolutionWarningWorkingDays: [20, 40] });
  expect(custom.resolutionWarnings).toEqual([{ workingDay: 20, at: '2027-01-25T22:59:59.999Z' }]);
});

test('planned deadlines end with their last day, across DST too', () => {
  expect(plannedDeadline(calendar, new Date('2027-03-15T10:00:00+01:00'), { calendarDays: 30 }).at)
    .toBe('2027-04-14T21:59:59.999Z'); // all of 14 April, summer time
  expect(plannedDeadline(calendar, new Date('2027-03-01T13:00:00+01:00'), { workingDays: 10 }).at)
    .toBe('2027-03-15T22:59:59.999Z');
});

test('pausing moves the deadlines still ahead by the working days waited', () => {
  const deadlines = caseDeadlines(calendar, 'complaint', receivedAt, DEFAULT_POLICY);
  const shifted = shiftDeadlines(calendar, deadlines, new Date('2026-12-28T10:00:00+01:00'), new Date('2026-12-30T15:00:00+01:00'));
  expect(shifted.substantiveResponseDue).toBe('2027-01-06T22:59:59.999Z');
  expect(shifted.resolutionDue).toBe('2027-02-16T22:59:59.999Z');
  expect(shifted.acknowledgementDue).toBe(deadlines.acknowledgementDue);
  expect(shiftDeadlines(calendar, deadlines, new Date('2026-12-28T10:00:00+01:00'), new Date('2026-12-28T17:00:00+01:00')))
    .toBe(deadlines);
});

test('references carry the type and the year', () => {
  expect(formatReference('complaint', 2026, 42)).toBe('KL-2026-000042');
  expect(formatReference('feedback', 2027, 1)).toBe('FB-2027-000001');
  expect(isReference('KL-2026-000042')).toBe(true);
  expect(isReference('KL-2026-42')).toBe(false);
  expect(isReference('XX-2026-000042')).toBe(false);
});
