/**
 * The actions of the procedure on the case page, one form each: its fields, the permission it
 * needs, the action as the lifecycle rules see it, and how it reaches the workflow (an Update, or
 * the objection signal for an objection received by phone).
 */
import type { Client } from '@temporalio/client';
import {
  addNoteUpdate,
  addProposalUpdate,
  assignHandlerUpdate,
  convertToComplaintUpdate,
  markComplexUpdate,
  objectionDecidedUpdate,
  objectionSignal,
  recomputeDeadlinesUpdate,
  requestInformationUpdate,
  resolveUpdate,
  substantiveResponseSentUpdate,
} from '../../temporal/caseMessages';
import type { Action, Justified, StaffAction } from '../../domain/lifecycle';
import type { Permission } from '../../domain/staff';
import type { MessageKey } from '../../i18n/messages';

/** One form per action of the procedure on the case page. */
export interface CaseAction {
  name: string;
  label: MessageKey;
  permission: Permission;
  fields: {
    name: string; label: MessageKey;
    kind: 'textarea' | 'date' | 'checkbox' | 'staff' | 'justified' | 'rootCause';
    /** Fields that may stay empty (the improvement action is optional). */
    optional?: boolean;
  }[];
  /** The action as the lifecycle rules see it, from the submitted form. */
  toAction(body: Record<string, string>, by: string): Action;
  run(client: Client, reference: string, action: Action): Promise<unknown>;
}

function staffUpdate<A extends StaffAction>(def: { name: string }, label: MessageKey, permission: Permission,
  fields: CaseAction['fields'], toAction: (b: Record<string, string>, by: string) => A): CaseAction {
  return {
    name: (toAction({}, '') as Action).type,
    label,
    permission,
    fields,
    toAction,
    run: (client, reference, action) => {
      const { type: _type, ...payload } = action as A;
      return client.workflow.getHandle(reference).executeUpdate(def.name, { args: [payload] });
    },
  };
}

export const CASE_ACTIONS: CaseAction[] = [
  staffUpdate(assignHandlerUpdate, 'admin.action.assignHandler', 'cases.assign', [{ name: 'handler', label: 'admin.field.handler', kind: 'staff' }],
    (b, by) => ({ type: 'assignHandler', handler: b.handler ?? '', by })),
  staffUpdate(requestInformationUpdate, 'admin.action.requestInformation', 'cases.act', [{ name: 'question', label: 'admin.field.question', kind: 'textarea' }],
    (b, by) => ({ type: 'requestInformation', question: b.question ?? '', by })),
  staffUpdate(substantiveResponseSentUpdate, 'admin.action.substantiveResponseSent', 'cases.act', [{ name: 'text', label: 'admin.field.text', kind: 'textarea' }],
    (b, by) => ({ type: 'substantiveResponseSent', text: b.text ?? '', by })),
  staffUpdate(addProposalUpdate, 'admin.action.addProposal', 'cases.act', [{ name: 'text', label: 'admin.field.text', kind: 'textarea' }],
    (b, by) => ({ type: 'addProposal', text: b.text ?? '', by })),
  staffUpdate(markComplexUpdate, 'admin.action.markComplex', 'cases.act', [
    { name: 'reason', label: 'admin.field.reason', kind: 'textarea' }, { name: 'expectedDate', label: 'admin.field.expectedDate', kind: 'date' }],
  (b, by) => ({ type: 'markComplex', reason: b.reason ?? '', expectedDate: b.expectedDate ?? '', by })),
  staffUpdate(resolveUpdate, 'admin.action.resolve', 'cases.act', [
    { name: 'outcome', label: 'admin.field.outcome', kind: 'textarea' }, { name: 'solution', label: 'admin.field.solution', kind: 'textarea' },
    { name: 'justified', label: 'admin.field.justified', kind: 'justified' }, { name: 'rootCause', label: 'admin.field.rootCause', kind: 'rootCause' },
    { name: 'improvementText', label: 'admin.field.improvementText', kind: 'textarea', optional: true },
    { name: 'improvementOwner', label: 'admin.field.improvementOwner', kind: 'staff', optional: true },
    { name: 'improvementDue', label: 'admin.field.improvementDue', kind: 'date', optional: true }],
  (b, by) => ({
    type: 'resolve', outcome: b.outcome ?? '', solution: b.solution ?? '', by,
    justified: (b.justified ?? '') as Justified, rootCause: b.rootCause ?? '',
    // An improvement action is recorded when its text is given; owner and date are then required.
    ...(b.improvementText?.trim()
      ? { improvement: { text: b.improvementText, owner: b.improvementOwner ?? '', dueDate: b.improvementDue ?? '' } } : {}),
  })),
  staffUpdate(convertToComplaintUpdate, 'admin.action.convertToComplaint', 'cases.act', [{ name: 'reason', label: 'admin.field.reason', kind: 'textarea' }],
    (b, by) => ({ type: 'convertToComplaint', reason: b.reason ?? '', by })),
  {
    name: 'objection',
    label: 'admin.action.objection',
    permission: 'cases.act',
    fields: [{ name: 'reason', label: 'admin.field.reason', kind: 'textarea' }],
    toAction: (b, by) => ({ type: 'objection', reason: b.reason ?? '', by }),
    run: (client, reference, action) => {
      const { type: _type, ...payload } = action;
      return client.workflow.getHandle(reference).signal(objectionSignal, payload as { reason: string; by?: string });
    },
  },
  staffUpdate(objectionDecidedUpdate, 'admin.action.objectionDecided', 'objections.decide', [
    { name: 'decision', label: 'admin.field.decision', kind: 'textarea' }, { name: 'upheld', label: 'admin.field.upheld', kind: 'checkbox' }],
  (b, by) => ({ type: 'objectionDecided', decision: b.decision ?? '', upheld: b.upheld === 'on', by })),
  staffUpdate(addNoteUpdate, 'admin.action.addNote', 'cases.act', [{ name: 'text', label: 'admin.field.note', kind: 'textarea' }],
    (b, by) => ({ type: 'addNote', text: b.text ?? '', by })),
  staffUpdate(recomputeDeadlinesUpdate, 'admin.action.recomputeDeadlines', 'cases.assign', [],
    (_b, by) => ({ type: 'recomputeDeadlines', by })),
];

/** Values that pass the input checks, to ask the lifecycle whether an action fits the state at all. */
export const PROBE: Record<string, string> = {
  handler: 'x', question: 'x', text: 'x', reason: 'x', outcome: 'x', solution: 'x', decision: 'x', expectedDate: '2999-12-31',
  justified: 'justified', rootCause: 'product',
};
