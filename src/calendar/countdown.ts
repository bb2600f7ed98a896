/**
 * How far away a deadline is, as staff count it: in working days of the calendar in force
 * ("vandaag", "morgen", "nog 3 werkdagen", "2 werkdagen te laat"). Pure: the caller gives "now".
 */
import { addDaysToDate, amsterdamDate, type WorkingDayCalendar } from './workingDays';

export type Countdown =
  | { kind: 'today' }
  | { kind: 'tomorrow' }
  /** Due on a later day: the working days from tomorrow up to and including the deadline's day. */
  | { kind: 'left'; workingDays: number }
  /** Passed: the working days after the deadline's day up to and including today (0 when none has passed yet, over a weekend say). */
  | { kind: 'late'; workingDays: number };

export function countdown(calendar: WorkingDayCalendar, deadline: Date, now: Date): Countdown {
  if (deadline.getTime() < now.getTime()) return { kind: 'late', workingDays: calendar.workingDaysBetween(deadline, now) };
  const day = amsterdamDate(deadline);
  const today = amsterdamDate(now);
  if (day === today) return { kind: 'today' };
  if (day === addDaysToDate(today, 1)) return { kind: 'tomorrow' };
  return { kind: 'left', workingDays: calendar.workingDaysBetween(now, deadline) };
}
