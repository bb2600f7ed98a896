/**
 * How a case names the staff who work it. Temporal holds a staff member as their stable id
 * (`staff-<id>`), never an email address or a name: the web app puts names on the page, and the
 * activities write email addresses into the read model.
 *
 * A case whose workflow already names someone by email address (it was worked before staff ids)
 * goes on naming staff that way to its end: the workflow's own checks (an agent's own case, who
 * may not decide an objection) compare names, so one case never mixes the two.
 */
import { CUSTOMER, SYSTEM, type Action, type CaseState } from './lifecycle';
import { staffRef } from './staff';

interface Member {
  id: number;
  email: string;
}

/** Everyone the case's state names as staff: handlers, actors, outcome, decision, objection reviewers excluded. */
function staffNamedIn(s: CaseState): string[] {
  return [
    s.handler, ...(s.formerHandlers ?? []), s.outcome?.by, s.decision?.by, ...(s.objection?.excluded ?? []),
    ...s.timeline.map((e) => e.actor),
  ].filter((v): v is string => Boolean(v) && v !== SYSTEM && v !== CUSTOMER);
}

/** Whether the case names staff by email address (worked before staff ids). */
export function namesStaffByEmail(s: CaseState): boolean {
  return staffNamedIn(s).some((v) => v.includes('@'));
}

/** How the case names `member`. */
export function staffIn(s: CaseState, member: Member): string {
  return namesStaffByEmail(s) ? member.email : staffRef(member.id);
}

/**
 * A staff action as the case names people: the form and the session name staff by email address
 * (`by`, the new handler, an improvement action's owner); the case gets its own kind of name. The
 * new handler always goes with their staff id too, for Temporal's CaseHandler search attribute.
 */
export function actionForCase(action: Action, s: CaseState, staff: readonly Member[]): Action {
  const member = (email: string | undefined) => staff.find((m) => m.email === email);
  const name = (email: string) => {
    const m = member(email);
    return m ? staffIn(s, m) : email;
  };
  const named: Action = 'by' in action && action.by !== undefined ? { ...action, by: name(action.by) } : action;
  if (named.type === 'assignHandler') {
    const handler = member(named.handler);
    return handler ? { ...named, handler: staffIn(s, handler), handlerRef: staffRef(handler.id) } : named;
  }
  if (named.type === 'resolve' && named.improvement) {
    return { ...named, improvement: { ...named.improvement, owner: name(named.improvement.owner) } };
  }
  return named;
}
