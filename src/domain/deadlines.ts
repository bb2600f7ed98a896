import { hoursAfter, type WorkingDayCalendar } from '../calendar/workingDays';
import type { CaseDeadlines, CaseType } from './case';

/** The procedure's promises, in hours and working days from receipt. */
export const ACKNOWLEDGEMENT_HOURS = 24;
export const SUBSTANTIVE_RESPONSE_WORKING_DAYS = 5;
export const RESOLUTION_WORKING_DAYS = 34;

export function caseDeadlines(calendar: WorkingDayCalendar, caseType: CaseType, receivedAt: Date): CaseDeadlines {
  return {
    calendarVersion: calendar.version,
    acknowledgementDue: hoursAfter(receivedAt, ACKNOWLEDGEMENT_HOURS).toISOString(),
    substantiveResponseDue: calendar.addWorkingDays(receivedAt, SUBSTANTIVE_RESPONSE_WORKING_DAYS).deadline.toISOString(),
    resolutionDue:
      caseType === 'complaint'
        ? calendar.addWorkingDays(receivedAt, RESOLUTION_WORKING_DAYS).deadline.toISOString()
        : undefined,
  };
}
