/**
 * The working-day calendar of the complaint procedure (pure: no I/O, no clock).
 *
 * Working days are Monday to Friday in Europe/Amsterdam, minus the holidays of the Dutch
 * Algemene termijnenwet (art. 3) and company closure days. "Within N working days of receipt":
 * the receipt date does not count; the deadline is the end (23:59:59.999 Amsterdam time) of the
 * Nth working day after it.
 */
import { createHash } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import { addDays, addHours, endOfDay, format, isWeekend } from 'date-fns';
import Holidays from 'date-holidays';

export const TIME_ZONE = 'Europe/Amsterdam';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const HOLIDAYS_VERSION = (require('date-holidays/package.json') as { version: string }).version;

export interface CalendarOptions {
  /** Goede Vrijdag is not in the Algemene termijnenwet; some companies close anyway. */
  goodFriday: boolean;
  /** 5 mei: the Algemene termijnenwet counts it every year. */
  liberationDay: 'every-year' | 'every-fifth-year' | 'never';
  /** Extra company closure days, as yyyy-MM-dd. */
  closureDays: string[];
}

export const DEFAULT_CALENDAR_OPTIONS: CalendarOptions = {
  goodFriday: false,
  liberationDay: 'every-year',
  closureDays: [],
};

export interface DayOff {
  date: string;
  reason: 'weekend' | 'holiday' | 'closure';
  /** Dutch name of the holiday, for holidays. */
  name?: string;
}

export interface WorkingDayDeadline {
  deadline: Date;
  calendarVersion: string;
  /** The days after receipt that did not count, in order. */
  skipped: DayOff[];
}

/** The public holidays of date-holidays' NL calendar that the Algemene termijnenwet names, by rule. */
const ATW_HOLIDAYS = new Map([
  ['01-01', 'Nieuwjaarsdag'],
  ['easter 1', 'Tweede Paasdag'],
  ['04-27 if sunday then previous saturday since 2014', 'Koningsdag'],
  ['easter 39', 'Hemelvaartsdag'],
  ['easter 50', 'Tweede Pinksterdag'],
  ['12-25', 'Eerste Kerstdag'],
  ['12-26', 'Tweede Kerstdag'],
]);

export class WorkingDayCalendar {
  readonly version: string;
  private readonly holidays = new Holidays('NL');
  private readonly byYear = new Map<number, Map<string, string>>();
  private readonly closures: Set<string>;

  constructor(readonly options: CalendarOptions = DEFAULT_CALENDAR_OPTIONS) {
    this.closures = new Set(options.closureDays);
    const fingerprint = createHash('sha256').update(JSON.stringify({
      // A new release of the holiday data may move a date: it makes a new version too.
      holidays: HOLIDAYS_VERSION,
      goodFriday: options.goodFriday,
      liberationDay: options.liberationDay,
      closureDays: [...this.closures].sort(),
    })).digest('hex').slice(0, 8);
    this.version = `nl-atw-1/${fingerprint}`;
  }

  /** Why `date` (yyyy-MM-dd) is not a working day, or undefined when it is one. */
  dayOff(date: string): DayOff | undefined {
    const day = new TZDate(`${date}T12:00:00`, TIME_ZONE);
    if (isWeekend(day)) return { date, reason: 'weekend' };
    const holiday = this.holidaysOf(day.getFullYear()).get(date);
    if (holiday) return { date, reason: 'holiday', name: holiday };
    if (this.closures.has(date)) return { date, reason: 'closure' };
    return undefined;
  }

  /** End of the Nth working day after the (Amsterdam) date of `receivedAt`. */
  addWorkingDays(receivedAt: Date, workingDays: number): WorkingDayDeadline {
    if (!Number.isInteger(workingDays) || workingDays < 1) throw new RangeError('workingDays must be a positive integer');
    const skipped: DayOff[] = [];
    let day = new TZDate(receivedAt.getTime(), TIME_ZONE);
    for (let counted = 0; counted < workingDays; ) {
      day = addDays(day, 1);
      const off = this.dayOff(format(day, 'yyyy-MM-dd'));
      if (off) skipped.push(off);
      else counted += 1;
    }
    return { deadline: new Date(endOfDay(day).getTime()), calendarVersion: this.version, skipped };
  }

  /** The holidays of a year in this calendar (also those on a weekend), by date. */
  holidaysIn(year: number): { date: string; name: string }[] {
    return [...this.holidaysOf(year)].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Working days after the (Amsterdam) date of `from`, up to and including the date of `to`. */
  workingDaysBetween(from: Date, to: Date): number {
    const last = format(new TZDate(to.getTime(), TIME_ZONE), 'yyyy-MM-dd');
    let day = new TZDate(from.getTime(), TIME_ZONE);
    let count = 0;
    for (;;) {
      day = addDays(day, 1);
      const date = format(day, 'yyyy-MM-dd');
      if (date > last) return count;
      if (!this.dayOff(date)) count += 1;
    }
  }

  private holidaysOf(year: number): Map<string, string> {
    let days = this.byYear.get(year);
    if (days) return days;
    days = new Map();
    for (const h of this.holidays.getHolidays(year, 'nl')) {
      const date = h.date.slice(0, 10);
      const atwName = h.type === 'public' ? ATW_HOLIDAYS.get(h.rule) : undefined;
      if (atwName) days.set(date, atwName);
      if (h.rule === 'easter -2' && this.options.goodFriday) days.set(date, 'Goede Vrijdag');
    }
    if (this.options.liberationDay === 'every-year' || (this.options.liberationDay === 'every-fifth-year' && year % 5 === 0)) {
      days.set(`${year}-05-05`, 'Bevrijdingsdag');
    }
    this.byYear.set(year, days);
    return days;
  }
}

/** 24 hours is clock time from receipt, whatever the calendar says. */
export function hoursAfter(receivedAt: Date, hours: number): Date {
  return addHours(receivedAt, hours);
}

/** The end (23:59:59.999 Amsterdam) of the day `days` calendar days after the date of `from`. */
export function endOfCalendarDay(from: Date, days: number): Date {
  return new Date(endOfDay(addDays(new TZDate(from.getTime(), TIME_ZONE), days)).getTime());
}

/** An instant as ISO 8601 with the Amsterdam offset, e.g. 2027-01-04T23:59:59.999+01:00. */
export function formatAmsterdam(instant: Date): string {
  return format(new TZDate(instant.getTime(), TIME_ZONE), "yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
}
