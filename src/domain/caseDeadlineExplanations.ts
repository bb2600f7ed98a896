/**
 * Why each of a case's deadlines falls where it does, in the words of src/calendar/explain.ts
 * (the same lines `npm run deadline` prints). Pure: the caller passes the calendar in force.
 */
import { explainDeadline, explainSpan, renderExplanation, renderSpan, type Language } from '../calendar/explain';
import type { WorkingDayCalendar } from '../calendar/workingDays';
import type { CaseDeadlines } from './case';
import { ACKNOWLEDGEMENT_HOURS, RESOLUTION_WORKING_DAYS, SUBSTANTIVE_RESPONSE_WORKING_DAYS } from './deadlines';
import type { CasePolicy } from './policy';
import { plural } from '../i18n/plural';

export type DeadlineKind = 'acknowledgement' | 'substantive-response' | 'resolution' | 'objection-window' | 'objection-review';

export interface CaseDates {
  receivedAt: string;
  deadlines: CaseDeadlines;
  policy: Pick<CasePolicy, 'objectionWindowDays' | 'objectionReviewWorkingDays'>;
  outcomeAt?: string;
  objectionWindowEnds?: string;
  objectionAt?: string;
  reviewDue?: string;
}

const TEXT = {
  nl: {
    acknowledgement: `${ACKNOWLEDGEMENT_HOURS} klokuren na ontvangst, ook in het weekend en op feestdagen.`,
    paused: (n: number) => `Waarvan ${plural('nl', n, { one: '{n} werkdag', other: '{n} werkdagen' })} gewacht op de klant: zolang staan de termijnen stil.`,
    otherCalendar: 'Berekend met een eerdere versie van de kalender; "Termijnen opnieuw berekenen" past de huidige toe.',
  },
  en: {
    acknowledgement: `${ACKNOWLEDGEMENT_HOURS} clock hours after receipt, weekends and holidays included.`,
    paused: (n: number) => `Of which ${plural('en', n, { one: '{n} working day', other: '{n} working days' })} waiting on the customer, while the clocks stood still.`,
    otherCalendar: 'Computed with an earlier version of the calendar; "Recompute deadlines" applies the current one.',
  },
};

/** The explanation of each deadline the case has, as lines of text in `language`. */
export function explainCaseDeadlines(
  calendar: WorkingDayCalendar, c: CaseDates, language: Language,
): Partial<Record<DeadlineKind, string[]>> {
  const text = TEXT[language];
  const received = new Date(c.receivedAt);
  const byWorkingDays = (due: string, rule: number) => {
    const span = explainSpan(calendar, received, new Date(due));
    const paused = c.deadlines.pausedWorkingDays ?? 0;
    const lines = renderSpan(span, language);
    if (paused > 0) lines.push(text.paused(paused));
    if (span.workingDays !== rule + paused && c.deadlines.calendarVersion !== calendar.version) lines.push(text.otherCalendar);
    return lines;
  };
  const result: Partial<Record<DeadlineKind, string[]>> = {
    acknowledgement: [text.acknowledgement],
    'substantive-response': byWorkingDays(c.deadlines.substantiveResponseDue, SUBSTANTIVE_RESPONSE_WORKING_DAYS),
  };
  if (c.deadlines.resolutionDue) result.resolution = byWorkingDays(c.deadlines.resolutionDue, RESOLUTION_WORKING_DAYS);
  if (c.outcomeAt && c.objectionWindowEnds) {
    const e = explainDeadline(calendar, new Date(c.outcomeAt), { calendarDays: c.policy.objectionWindowDays });
    // A window planned before art. 1 was applied, or with another calendar, is measured as it stands.
    result['objection-window'] = Date.parse(e.deadline) === Date.parse(c.objectionWindowEnds)
      ? renderExplanation(e, language)
      : renderSpan(explainSpan(calendar, new Date(c.outcomeAt), new Date(c.objectionWindowEnds)), language);
  }
  if (c.objectionAt && c.reviewDue) {
    result['objection-review'] = renderSpan(explainSpan(calendar, new Date(c.objectionAt), new Date(c.reviewDue)), language);
  }
  return result;
}
