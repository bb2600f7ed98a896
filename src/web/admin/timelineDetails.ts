/**
 * A timeline entry's details in the staff's words and language ("op tijd", "na 2 uur 5 min",
 * "werkdag 25"), not the workflow's keys (`late: false`, `waitedMinutes: 125`).
 */
import { PART_LABELS } from '../../analysis/definitions';
import type { Language } from '../../domain/case';
import { formatDate } from '../../i18n/dates';
import { isMessageKey, t, tn } from '../../i18n/messages';
import type { StaffNames } from './staffNames';

/** "45 min", "2 uur 5 min", "3 dagen 4 uur". */
function duration(minutes: number, lang: Language): string {
  if (minutes < 60) return t(lang, 'admin.detail.minutes', { m: minutes });
  if (minutes < 24 * 60) return t(lang, 'admin.detail.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
  return tn(lang, 'admin.detail.days', Math.floor(minutes / (24 * 60)), { h: Math.floor((minutes % (24 * 60)) / 60) });
}

export function timelineDetails(detail: Record<string, unknown> | undefined, lang: Language, names: StaffNames): string {
  if (!detail) return '';
  return Object.entries(detail).map(([key, value]) => {
    switch (key) {
      case 'late': return t(lang, value ? 'admin.detail.late' : 'admin.detail.onTime');
      case 'upheld': return t(lang, value ? 'admin.detail.upheld' : 'admin.detail.notUpheld');
      case 'waitedMinutes': return t(lang, 'admin.detail.waited', { duration: duration(Number(value), lang) });
      case 'workingDay': return t(lang, 'admin.detail.workingDay', { n: String(value) });
      case 'expectedDate': return t(lang, 'admin.detail.expected', { date: formatDate(`${String(value)}T12:00:00Z`, lang) });
      case 'handler': return names.of(String(value));
      case 'channel': return PART_LABELS.channel[value as 'web' | 'phone']?.[lang] ?? String(value);
      case 'solution': return t(lang, 'admin.detail.solution', { text: String(value) });
      case 'template': {
        const label = `admin.emailTemplate.${String(value)}`;
        return t(lang, 'admin.detail.template', { template: isMessageKey(label) ? t(lang, label) : String(value) });
      }
      // A step that failed for good (workflows/caseWorkflow.ts `visible`): which, at which entry, and the error's kind.
      case 'step': {
        const label = `admin.detail.step.${String(value)}`;
        return isMessageKey(label) ? t(lang, label) : t(lang, 'admin.detail.step', { step: String(value) });
      }
      case 'event': {
        const label = `admin.event.${String(value)}`;
        return t(lang, 'admin.detail.atEvent', { event: isMessageKey(label) ? t(lang, label) : String(value) });
      }
      case 'seq': return t(lang, 'admin.detail.entry', { n: String(value) });
      case 'error': return t(lang, 'admin.detail.error', { kind: String(value) });
      default: return `${key}: ${String(value)}`;
    }
  }).join(' · ');
}
