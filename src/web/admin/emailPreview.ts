/**
 * The email a staff action will send, as the customer gets it, for "Voorbeeld e-mail" on the case
 * page: the same template and case values as the send (src/email/caseEmail.ts) and the same event
 * data as the workflow gives it (workflows/caseWorkflow.ts). Nothing is sent or stored.
 */
import type { WorkingDayCalendar } from '../../calendar/workingDays';
import type { CaseRecord } from '../../db/cases';
import { plannedDeadline } from '../../domain/deadlines';
import type { Action } from '../../domain/lifecycle';
import type { CasePolicy } from '../../domain/policy';
import { renderCaseEmail } from '../../email/caseEmail';
import type { RenderedEmail } from '../../email/render';
import type { EmailTemplate } from '../../email/templates';

/** The template and event data of the email an action sends; undefined when it sends none. */
function emailOf(action: Action, o: { calendar: WorkingDayCalendar; policy: CasePolicy; now: Date }): [EmailTemplate, Record<string, string>] | undefined {
  switch (action.type) {
    case 'requestInformation': return ['information-request', { question: action.question }];
    case 'substantiveResponseSent': return ['substantive-response', { text: action.text }];
    case 'addProposal': return ['proposal', { text: action.text }];
    case 'markComplex': return ['complex', { reason: action.reason, expectedDate: action.expectedDate }];
    case 'resolve': {
      // The workflow plans the window from the moment of the outcome; sent now, it ends then.
      const window = plannedDeadline(o.calendar, o.now, { calendarDays: o.policy.objectionWindowDays });
      return ['outcome', { outcome: action.outcome, solution: action.solution, objectionWindowEnds: window.at }];
    }
    case 'objectionDecided': return ['objection-decision', { decision: action.decision, upheld: action.upheld ? 'yes' : '' }];
    default: return undefined;
  }
}

/** Whether the action sends the customer an email (its form gets a preview button). */
export function sendsEmail(action: Action, o: { calendar: WorkingDayCalendar; policy: CasePolicy; now: Date }): boolean {
  return emailOf(action, o) !== undefined;
}

export function previewEmail(action: Action, record: CaseRecord, o: { calendar: WorkingDayCalendar; policy: CasePolicy; now: Date }): RenderedEmail | undefined {
  const email = emailOf(action, o);
  return email && record.email ? renderCaseEmail(record, ...email) : undefined;
}
