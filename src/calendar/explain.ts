/**
 * One explanation for every date: how a deadline follows from its start and the calendar, in a
 * structure and in short Dutch and English lines. Used by `npm run deadline` and the admin case
 * page, so that both say the same words. Pure, and independent of the host's time zone: every day
 * is an Amsterdam date (yyyy-MM-dd), named from the tables below.
 */
import {
  addDaysToDate,
  amsterdamDate,
  endOfAmsterdamDay,
  formatAmsterdam,
  weekdayOf,
  type CalendarDayDeadline,
  type CalendarDayExtension,
  type DayOff,
  type WorkingDayCalendar,
} from './workingDays';
import { plural } from '../i18n/plural';

/** The languages of the texts (the app's `Language`). */
export type Language = 'nl' | 'en';

/** A period from a start instant: working days, or calendar days (objection window). */
export type Span = { workingDays: number } | { calendarDays: number };

export interface DeadlineExplanation {
  /** The start instant, ISO 8601 with the Amsterdam offset. */
  from: string;
  /** Its Amsterdam date (yyyy-MM-dd); the count starts the day after. */
  startDate: string;
  /** The rule: N working days, or N calendar days, after the start date. */
  rule: { unit: 'working-days' | 'calendar-days'; count: number };
  /** The deadline, ISO 8601 with the Amsterdam offset: the end (23:59:59.999) of `deadlineDate`. */
  deadline: string;
  deadlineDate: string;
  calendarVersion: string;
  /**
   * Working days: the days after the start date that did not count, in order. Calendar days: the
   * days the end moved past (the same as `extension.days`).
   */
  skipped: DayOff[];
  /** Calendar days only: the period ended on a Saturday, Sunday or holiday (Algemene termijnenwet, art. 1). */
  extension?: CalendarDayExtension;
}

/** How `span` after `from` gives its deadline in `calendar`. */
export function explainDeadline(calendar: WorkingDayCalendar, from: Date, span: Span): DeadlineExplanation {
  const result: CalendarDayDeadline = 'workingDays' in span
    ? calendar.addWorkingDays(from, span.workingDays)
    : calendar.addCalendarDays(from, span.calendarDays);
  return {
    from: formatAmsterdam(from),
    startDate: amsterdamDate(from),
    rule: 'workingDays' in span
      ? { unit: 'working-days', count: span.workingDays }
      : { unit: 'calendar-days', count: span.calendarDays },
    deadline: formatAmsterdam(result.deadline),
    deadlineDate: amsterdamDate(result.deadline),
    calendarVersion: result.calendarVersion,
    skipped: result.skipped,
    ...(result.extension ? { extension: result.extension } : {}),
  };
}

export interface SpanExplanation {
  /** The start instant and its Amsterdam date. */
  from: string;
  startDate: string;
  /** The existing deadline instant and its Amsterdam date. */
  to: string;
  endDate: string;
  /** Whether `to` is the end (23:59:59.999 Amsterdam) of `endDate`. */
  endOfDay: boolean;
  /** Working days after `startDate` up to and including `endDate` (0 when `endDate` is not after `startDate`). */
  workingDays: number;
  /** The days off in that stretch, in order, with why. */
  daysOff: DayOff[];
  calendarVersion: string;
}

/**
 * An existing deadline `to` measured from `from` in this calendar: the working days from the
 * start date to the deadline's date, and the days off in between. For deadlines that were moved
 * (a pause while waiting on the customer): the caller can say "7 werkdagen, waarvan 2 gewacht op
 * de klant".
 */
export function explainSpan(calendar: WorkingDayCalendar, from: Date, to: Date): SpanExplanation {
  const startDate = amsterdamDate(from);
  const endDate = amsterdamDate(to);
  const daysOff: DayOff[] = [];
  let workingDays = 0;
  for (let date = addDaysToDate(startDate, 1); date <= endDate; date = addDaysToDate(date, 1)) {
    const off = calendar.dayOff(date);
    if (off) daysOff.push(off);
    else workingDays += 1;
  }
  return {
    from: formatAmsterdam(from),
    startDate,
    to: formatAmsterdam(to),
    endDate,
    endOfDay: to.getTime() === endOfAmsterdamDay(endDate).getTime(),
    workingDays,
    daysOff,
    calendarVersion: calendar.version,
  };
}

const WEEKDAYS = {
  nl: ['zondag', 'maandag', 'dinsdag', 'woensdag', 'donderdag', 'vrijdag', 'zaterdag'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
} as const;
const WEEKDAYS_SHORT = {
  nl: ['zo', 'ma', 'di', 'wo', 'do', 'vr', 'za'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
} as const;
const MONTHS = {
  nl: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
} as const;
const MONTHS_SHORT = {
  nl: ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
} as const;
/** English names of the calendar's (Dutch) holiday names. */
const HOLIDAYS_EN: Record<string, string> = {
  Nieuwjaarsdag: "New Year's Day",
  'Goede Vrijdag': 'Good Friday',
  'Tweede Paasdag': 'Easter Monday',
  Koningsdag: "King's Day",
  Bevrijdingsdag: 'Liberation Day',
  Hemelvaartsdag: 'Ascension Day',
  'Tweede Pinksterdag': 'Whit Monday',
  'Eerste Kerstdag': 'Christmas Day',
  'Tweede Kerstdag': 'Boxing Day',
};

/** "donderdag 24 december 2026" / "Thursday 24 December 2026". */
export function longDate(date: string, language: Language): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAYS[language][weekdayOf(date)]} ${d} ${MONTHS[language][m - 1]} ${y}`;
}

/** "vr 25 dec" / "Fri 25 Dec". */
export function shortDate(date: string, language: Language): string {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${WEEKDAYS_SHORT[language][weekdayOf(date)]} ${d} ${MONTHS_SHORT[language][m - 1]}`;
}

/** "Eerste Kerstdag", "weekend", "sluitingsdag" / "Christmas Day", "weekend", "closure day". */
function why(day: DayOff, language: Language): string {
  if (day.reason === 'holiday' && day.name) return language === 'nl' ? day.name : HOLIDAYS_EN[day.name] ?? day.name;
  if (day.reason === 'closure') return language === 'nl' ? 'sluitingsdag' : 'closure day';
  if (day.reason === 'holiday') return language === 'nl' ? 'feestdag' : 'public holiday';
  return 'weekend';
}

/** "vr 25 dec (Eerste Kerstdag), za 9 en zo 10 jan (weekend)": a Saturday and the Sunday after it in one item. */
function dayList(days: DayOff[], language: Language): string {
  const items: string[] = [];
  for (let i = 0; i < days.length; i++) {
    const day = days[i]!;
    const next = days[i + 1];
    if (day.reason === 'weekend' && next?.reason === 'weekend' && addDaysToDate(day.date, 1) === next.date) {
      const and = language === 'nl' ? 'en' : 'and';
      const first = day.date.slice(0, 7) === next.date.slice(0, 7)
        ? `${WEEKDAYS_SHORT[language][weekdayOf(day.date)]} ${Number(day.date.slice(8))}`
        : shortDate(day.date, language);
      items.push(`${first} ${and} ${shortDate(next.date, language)} (weekend)`);
      i += 1;
    } else {
      items.push(`${shortDate(day.date, language)} (${why(day, language)})`);
    }
  }
  return items.join(', ');
}

function unit(count: number, kind: 'working-days' | 'calendar-days', language: Language): string {
  const forms = {
    nl: { 'working-days': { one: '{n} werkdag', other: '{n} werkdagen' }, 'calendar-days': { one: '{n} kalenderdag', other: '{n} kalenderdagen' } },
    en: { 'working-days': { one: '{n} working day', other: '{n} working days' }, 'calendar-days': { one: '{n} calendar day', other: '{n} calendar days' } },
  }[language][kind];
  return plural(language, count, forms);
}

/** Why a period cannot end on `day`: "valt in het weekend", "is een feestdag (Eerste Kerstdag)". */
function noLastDay(day: DayOff, language: Language): string {
  if (day.reason === 'weekend') return language === 'nl' ? 'valt in het weekend' : 'falls on a weekend';
  return language === 'nl' ? `is een feestdag (${why(day, language)})` : `is a public holiday (${why(day, language)})`;
}

/**
 * The explanation as short lines of text, e.g.
 *   5 werkdagen na donderdag 24 december 2026: maandag 4 januari 2027, einde van de dag.
 *   Overgeslagen: vr 25 dec (Eerste Kerstdag), za 26 en zo 27 dec (weekend), vr 1 jan (Nieuwjaarsdag), ...
 * or, for a calendar-day period that ends on a holiday,
 *   30 kalenderdagen na woensdag 25 november 2026: maandag 28 december 2026, einde van de dag.
 *   De laatste dag, vrijdag 25 december 2026, is een feestdag (Eerste Kerstdag); de termijn loopt
 *   daarom door tot en met maandag 28 december 2026 (Algemene termijnenwet, art. 1).
 *   Overgeslagen: vr 25 dec (Eerste Kerstdag), za 26 en zo 27 dec (weekend).
 */
export function renderExplanation(e: DeadlineExplanation, language: Language): string[] {
  const nl = language === 'nl';
  const lines = [nl
    ? `${unit(e.rule.count, e.rule.unit, language)} na ${longDate(e.startDate, language)}: ${longDate(e.deadlineDate, language)}, einde van de dag.`
    : `${unit(e.rule.count, e.rule.unit, language)} after ${longDate(e.startDate, language)}: ${longDate(e.deadlineDate, language)}, end of the day.`];
  if (e.extension) {
    const first = e.extension.days[0]!;
    lines.push(nl
      ? `De laatste dag, ${longDate(e.extension.originalEnd, language)}, ${noLastDay(first, language)}; de termijn loopt daarom door tot en met ${longDate(e.deadlineDate, language)} (Algemene termijnenwet, art. 1).`
      : `The last day, ${longDate(e.extension.originalEnd, language)}, ${noLastDay(first, language)}; the period therefore runs up to and including ${longDate(e.deadlineDate, language)} (Dutch Algemene termijnenwet, art. 1).`);
  }
  if (e.skipped.length > 0) lines.push(`${nl ? 'Overgeslagen' : 'Skipped'}: ${dayList(e.skipped, language)}.`);
  else if (e.rule.unit === 'working-days') lines.push(nl ? 'Geen dagen overgeslagen.' : 'No days skipped.');
  return lines;
}

/**
 * An existing deadline measured in working days, e.g.
 *   7 werkdagen na donderdag 24 december 2026: dinsdag 12 januari 2027, einde van de dag.
 *   Geen werkdag: vr 25 dec (Eerste Kerstdag), za 26 en zo 27 dec (weekend), ...
 */
export function renderSpan(e: SpanExplanation, language: Language): string[] {
  const nl = language === 'nl';
  const time = e.to.slice(11, 16);
  const at = e.endOfDay ? (nl ? 'einde van de dag' : 'end of the day') : (nl ? `om ${time}` : `at ${time}`);
  const lines = [nl
    ? `${unit(e.workingDays, 'working-days', language)} na ${longDate(e.startDate, language)}: ${longDate(e.endDate, language)}, ${at}.`
    : `${unit(e.workingDays, 'working-days', language)} after ${longDate(e.startDate, language)}: ${longDate(e.endDate, language)}, ${at}.`];
  if (e.daysOff.length > 0) lines.push(`${nl ? 'Geen werkdag' : 'Days off'}: ${dayList(e.daysOff, language)}.`);
  return lines;
}
