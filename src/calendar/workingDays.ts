/**
 * The working-day calendar of the complaint procedure (pure: no I/O, no clock).
 *
 * Working days are Monday to Friday in Europe/Amsterdam, minus the holidays of the Dutch
 * Algemene termijnenwet (art. 3) and company closure days. "Within N working days of receipt":
 * the receipt date does not count; the deadline is the end (23:59:59.999 Amsterdam time) of the
 * Nth working day after it. A period counted in calendar days that ends on a Saturday, Sunday or
 * holiday runs to the end of the next day that is none of those (Algemene termijnenwet, art. 1).
 *
 * No result depends on the host's time zone. Days are handled as Amsterdam calendar dates
 * (yyyy-MM-dd strings) with UTC arithmetic; an instant becomes a date, and a date the instant of
 * its end, only through the Amsterdam offset (`tzOffset`, from the Intl time zone data). Never
 * through `Date`'s local fields, the parsing of a string without an offset, or the setters and
 * component constructor of `TZDate`, which all pass through the host's zone.
 */
import { createHash } from 'node:crypto';
import { tzOffset } from '@date-fns/tz';
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

/**
 * A period in calendar days that ended on a Saturday, Sunday or holiday, moved to the end of the
 * next day that is none of those (Algemene termijnenwet, art. 1). Company closure days do not
 * extend a period: the law does not name them.
 */
export interface CalendarDayExtension {
  /** The last day by count (yyyy-MM-dd): a Saturday, Sunday or holiday. */
  originalEnd: string;
  /** The days the end moved past, in order, starting with `originalEnd`; never a closure day. */
  days: DayOff[];
}

export interface CalendarDayDeadline extends WorkingDayDeadline {
  /** For a calendar-day period: the days its end moved past (the same as `extension.days`), or none. */
  skipped: DayOff[];
  /** Absent when the last day by count is a day on which the period may end. */
  extension?: CalendarDayExtension;
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

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Year, month (1-12) and day of a yyyy-MM-dd date; a RangeError for anything else (also 2026-02-30). */
function parseDate(date: string): [number, number, number] {
  const match = DATE.exec(date);
  const parts = match ? [Number(match[1]), Number(match[2]), Number(match[3])] as [number, number, number] : undefined;
  if (!parts || new Date(Date.UTC(parts[0], parts[1] - 1, parts[2])).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`"${date}" is not a date as yyyy-MM-dd`);
  }
  return parts;
}

/** The Amsterdam offset from UTC at an instant, in milliseconds (e.g. 3,600,000 in winter). */
function amsterdamOffsetMs(instant: number): number {
  return Math.round(tzOffset(TIME_ZONE, new Date(instant)) * 60_000);
}

/** The Amsterdam calendar date (yyyy-MM-dd) of an instant. */
export function amsterdamDate(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid date');
  return new Date(t + amsterdamOffsetMs(t)).toISOString().slice(0, 10);
}

/** The date `days` calendar days after `date` (both yyyy-MM-dd; `days` may be negative). */
export function addDaysToDate(date: string, days: number): string {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a yyyy-MM-dd date: 0 Sunday .. 6 Saturday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = parseDate(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The instant at which an Amsterdam date ends: 23:59:59.999 Amsterdam time. */
export function endOfAmsterdamDay(date: string): Date {
  const [y, m, d] = parseDate(date);
  const wallClock = Date.UTC(y, m - 1, d, 23, 59, 59, 999);
  // The offset at the wall-clock time read as UTC is a first guess; the offset at that guess is
  // the one in force (Amsterdam changes its clocks at 01:00 UTC, far from the end of a day).
  const guess = wallClock - amsterdamOffsetMs(wallClock);
  return new Date(wallClock - amsterdamOffsetMs(guess));
}

export class WorkingDayCalendar {
  readonly version: string;
  private readonly holidays = new Holidays('NL');
  private readonly byYear = new Map<number, Map<string, string>>();
  /** Working-day deadlines by start date and count: the same for every intake of a day. */
  private readonly deadlines = new Map<string, WorkingDayDeadline>();
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
    const weekday = weekdayOf(date);
    if (weekday === 0 || weekday === 6) return { date, reason: 'weekend' };
    const holiday = this.holidaysOf(Number(date.slice(0, 4))).get(date);
    if (holiday) return { date, reason: 'holiday', name: holiday };
    if (this.closures.has(date)) return { date, reason: 'closure' };
    return undefined;
  }

  /** End of the Nth working day after the (Amsterdam) date of `receivedAt`. */
  addWorkingDays(receivedAt: Date, workingDays: number): WorkingDayDeadline {
    if (!Number.isInteger(workingDays) || workingDays < 1) throw new RangeError('workingDays must be a positive integer');
    const from = amsterdamDate(receivedAt);
    const key = `${from}+${workingDays}`;
    const known = this.deadlines.get(key);
    if (known) return { ...known, deadline: new Date(known.deadline), skipped: [...known.skipped] };
    const skipped: DayOff[] = [];
    let date = from;
    for (let counted = 0; counted < workingDays; ) {
      date = addDaysToDate(date, 1);
      const off = this.dayOff(date);
      if (off) skipped.push(off);
      else counted += 1;
    }
    const result = { deadline: endOfAmsterdamDay(date), calendarVersion: this.version, skipped };
    if (this.deadlines.size >= 10_000) this.deadlines.clear();
    this.deadlines.set(key, { ...result, deadline: new Date(result.deadline), skipped: [...skipped] });
    return result;
  }

  /**
   * End of the period of `days` calendar days after the (Amsterdam) date of `from`: the end of
   * its last day, or, when that day is a Saturday, Sunday or holiday of this calendar (Goede
   * Vrijdag and 5 mei as configured), the end of the next day that is none of those (Algemene
   * termijnenwet, art. 1). Closure days neither count as such a day nor stop the extension.
   */
  addCalendarDays(from: Date, days: number): CalendarDayDeadline {
    if (!Number.isInteger(days) || days < 1) throw new RangeError('days must be a positive integer');
    const originalEnd = addDaysToDate(amsterdamDate(from), days);
    const extendedPast: DayOff[] = [];
    let date = originalEnd;
    for (let off = this.legalDayOff(date); off; off = this.legalDayOff(date)) {
      extendedPast.push(off);
      date = addDaysToDate(date, 1);
    }
    return {
      deadline: endOfAmsterdamDay(date),
      calendarVersion: this.version,
      skipped: extendedPast,
      ...(extendedPast.length > 0 ? { extension: { originalEnd, days: extendedPast } } : {}),
    };
  }

  /** The holidays of a year in this calendar (also those on a weekend), by date. */
  holidaysIn(year: number): { date: string; name: string }[] {
    return [...this.holidaysOf(year)].map(([date, name]) => ({ date, name })).sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Working days after the (Amsterdam) date of `from`, up to and including the date of `to`. */
  workingDaysBetween(from: Date, to: Date): number {
    const last = amsterdamDate(to);
    let count = 0;
    for (let date = addDaysToDate(amsterdamDate(from), 1); date <= last; date = addDaysToDate(date, 1)) {
      if (!this.dayOff(date)) count += 1;
    }
    return count;
  }

  /** A Saturday, Sunday or holiday: a day on which no period of the Algemene termijnenwet ends. */
  private legalDayOff(date: string): DayOff | undefined {
    const off = this.dayOff(date);
    return off?.reason === 'closure' ? undefined : off;
  }

  private holidaysOf(year: number): Map<string, string> {
    let days = this.byYear.get(year);
    if (days) return days;
    days = new Map();
    // date-holidays gives each holiday's Amsterdam date as the text "yyyy-MM-dd hh:mm:ss"; only
    // those ten characters are used (not `start`/`end`, which are instants).
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
  return new Date(receivedAt.getTime() + hours * 3_600_000);
}

/** An instant as ISO 8601 with the Amsterdam offset, e.g. 2027-01-04T23:59:59.999+01:00. */
export function formatAmsterdam(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid date');
  const offset = amsterdamOffsetMs(t);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const hhmm = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${new Date(t + offset).toISOString().slice(0, 23)}${sign}${hhmm}`;
}
