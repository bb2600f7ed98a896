import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { enGB, nl } from 'date-fns/locale';
import { TIME_ZONE } from '../calendar/workingDays';
import type { Countdown } from '../calendar/countdown';
import type { Language } from '../domain/case';
import { t, tn } from './messages';

const LOCALES = { nl, en: enGB } as const;

/** "maandag 4 januari 2027" / "Monday 4 January 2027", in Amsterdam time. */
export function formatDate(instant: Date | string, language: Language): string {
  return format(new TZDate(new Date(instant).getTime(), TIME_ZONE), 'EEEE d MMMM yyyy', { locale: LOCALES[language] });
}

/** "24 december 2026 om 16:00" / "24 December 2026 at 16:00", in Amsterdam time. */
export function formatDateTime(instant: Date | string, language: Language): string {
  const pattern = language === 'nl' ? "d MMMM yyyy 'om' HH:mm" : "d MMMM yyyy 'at' HH:mm";
  return format(new TZDate(new Date(instant).getTime(), TIME_ZONE), pattern, { locale: LOCALES[language] });
}

/** "vandaag", "morgen", "nog 3 werkdagen", "2 werkdagen te laat" (src/calendar/countdown.ts). */
export function formatCountdown(c: Countdown, language: Language): string {
  switch (c.kind) {
    case 'today': return t(language, 'countdown.today');
    case 'tomorrow': return t(language, 'countdown.tomorrow');
    case 'left': return tn(language, 'admin.case.workingDaysLeft', c.workingDays);
    case 'late': return c.workingDays === 0 ? t(language, 'countdown.lateToday') : tn(language, 'countdown.late', c.workingDays);
  }
}
