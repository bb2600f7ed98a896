import { hoursAfter, type WorkingDayCalendar } from '../calendar/workingDays';
import type { CaseDeadlines, CaseType } from './case';
import type { CasePolicy } from './policy';

/** The procedure's promises, in hours and working days from receipt. */
export const ACKNOWLEDGEMENT_HOURS = 24;
export const SUBSTANTIVE_RESPONSE_WORKING_DAYS = 5;
export const RESOLUTION_WORKING_DAYS = 34;
/** The reminder is planned at the end of this working day: working day 4 begins with it. */
export const SUBSTANTIVE_RESPONSE_REMINDER_WORKING_DAY = SUBSTANTIVE_RESPONSE_WORKING_DAYS - 2;

/**
 * Every deadline of a case, at receipt. "At working day N" is the end of the Nth working day
 * after the receipt date. The handler's reminder comes as working day 4 begins (the end of
 * working day 3), so that two full working days remain for the response.
 * `pausedWorkingDays`: working days the case already waited on the customer under the pause
 * policy; a recomputation keeps them, so that every deadline stays "N + paused" working days.
 */
export function caseDeadlines(
  calendar: WorkingDayCalendar,
  caseType: CaseType,
  receivedAt: Date,
  policy: Pick<CasePolicy, 'resolutionWarningWorkingDays'>,
  pausedWorkingDays = 0,
): CaseDeadlines {
  const atWorkingDay = (n: number) => calendar.addWorkingDays(receivedAt, n + pausedWorkingDays).deadline.toISOString();
  return {
    calendarVersion: calendar.version,
    ...(pausedWorkingDays > 0 ? { pausedWorkingDays } : {}),
    acknowledgementDue: hoursAfter(receivedAt, ACKNOWLEDGEMENT_HOURS).toISOString(),
    substantiveResponseReminder: atWorkingDay(SUBSTANTIVE_RESPONSE_REMINDER_WORKING_DAY),
    substantiveResponseDue: atWorkingDay(SUBSTANTIVE_RESPONSE_WORKING_DAYS),
    ...(caseType === 'complaint'
      ? {
          resolutionWarnings: policy.resolutionWarningWorkingDays
            .filter((n) => n > 0 && n < RESOLUTION_WORKING_DAYS)
            .map((workingDay) => ({ workingDay, at: atWorkingDay(workingDay) })),
          resolutionDue: atWorkingDay(RESOLUTION_WORKING_DAYS),
        }
      : {}),
  };
}

/**
 * One deadline planned later in the life of a case (objection window, objection review). Both
 * kinds end at the end of their last day: "tot en met 14 februari" means all of 14 February. A
 * period in calendar days that would end on a Saturday, Sunday or holiday runs to the end of the
 * next day that is none of those (Algemene termijnenwet, art. 1); `explainDeadline` in
 * src/calendar/explain.ts says why.
 */
export function plannedDeadline(
  calendar: WorkingDayCalendar,
  from: Date,
  span: { workingDays: number } | { calendarDays: number },
): { at: string; calendarVersion: string } {
  const at = 'workingDays' in span
    ? calendar.addWorkingDays(from, span.workingDays).deadline
    : calendar.addCalendarDays(from, span.calendarDays).deadline;
  return { at: at.toISOString(), calendarVersion: calendar.version };
}

/**
 * The deadlines still ahead, moved by the working days that passed between `from` and `to`
 * (used when the clocks pause while waiting on the customer).
 */
export function shiftDeadlines(
  calendar: WorkingDayCalendar,
  deadlines: CaseDeadlines,
  from: Date,
  to: Date,
): CaseDeadlines {
  const paused = calendar.workingDaysBetween(from, to);
  if (paused === 0) return deadlines;
  const shift = (iso: string) =>
    Date.parse(iso) > from.getTime() ? calendar.addWorkingDays(new Date(iso), paused).deadline.toISOString() : iso;
  return {
    ...deadlines,
    calendarVersion: calendar.version,
    pausedWorkingDays: (deadlines.pausedWorkingDays ?? 0) + paused,
    substantiveResponseReminder: shift(deadlines.substantiveResponseReminder),
    substantiveResponseDue: shift(deadlines.substantiveResponseDue),
    ...(deadlines.resolutionDue
      ? {
          resolutionWarnings: deadlines.resolutionWarnings?.map((w) => ({ ...w, at: shift(w.at) })),
          resolutionDue: shift(deadlines.resolutionDue),
        }
      : {}),
  };
}
