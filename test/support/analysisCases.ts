/**
 * Cases made for the analysis tests, written straight into the read model with every analysis
 * column, as the workflow's projection keeps them: the deadlines from the working-day calendar
 * (acknowledgement receipt + 24 h, response end of working day 5, complaints' outcome end of
 * working day 34) and the working days to response and outcome as
 * `calendar.workingDaysBetween(receivedAt, at)`.
 */
import { hoursAfter, type WorkingDayCalendar } from '../../src/calendar/workingDays';
import type { Sql } from '../../src/db/db';
import type { CaseStatus, CaseType, Channel } from '../../src/domain/case';

export interface AnalysisCase {
  reference: string;
  caseType: CaseType;
  channel: Channel;
  category: string;
  /** ISO 8601 with offset. */
  receivedAt: string;
  /** null: no address (phone). Default: `<reference>@example.nl`. */
  email?: string | null;
  customerNumber?: string;
  acknowledgedAt?: string;
  respondedAt?: string;
  resolvedAt?: string;
  closedAt?: string;
  closure?: 'no-objection' | 'accepted' | 'objection-decided' | 'withdrawn' | 'answered';
  breaches?: string[];
  complex?: boolean;
  objectedAt?: string;
  objectionUpheld?: boolean;
  justified?: 'justified' | 'partly' | 'unjustified';
  rootCause?: string;
  /** The customer's score and when it was given. */
  satisfaction?: { score: number; at: string };
  improvementActions?: { createdAt: string; dueDate: string; doneAt?: string }[];
}

function statusOf(c: AnalysisCase): CaseStatus {
  if (c.closedAt) return 'closed';
  if (c.objectedAt) return 'objected';
  if (c.resolvedAt) return 'resolved';
  if (c.respondedAt) return 'responded';
  if (c.acknowledgedAt) return 'in-progress';
  return 'received';
}

const at = (iso: string | undefined) => (iso === undefined ? null : new Date(iso));

/** Removes the cases (and what hangs off them) so that a rerun against the same database starts clean. */
export async function removeAnalysisCases(sql: Sql, references: string[]): Promise<void> {
  await sql`DELETE FROM improvement_actions WHERE reference IN ${sql(references)}`;
  await sql`DELETE FROM satisfaction WHERE reference IN ${sql(references)}`;
  await sql`DELETE FROM cases WHERE reference IN ${sql(references)}`;
}

export async function insertAnalysisCase(sql: Sql, calendar: WorkingDayCalendar, c: AnalysisCase): Promise<void> {
  const receivedAt = new Date(c.receivedAt);
  const acknowledgementDue = hoursAfter(receivedAt, 24);
  const responseDue = calendar.addWorkingDays(receivedAt, 5).deadline;
  const resolutionDue = c.caseType === 'complaint' ? calendar.addWorkingDays(receivedAt, 34).deadline : null;
  const deadlines = {
    calendarVersion: calendar.version,
    acknowledgementDue: acknowledgementDue.toISOString(),
    substantiveResponseReminder: calendar.addWorkingDays(receivedAt, 3).deadline.toISOString(),
    substantiveResponseDue: responseDue.toISOString(),
    ...(resolutionDue ? { resolutionDue: resolutionDue.toISOString() } : {}),
  };
  const workingDaysTo = (iso: string | undefined) => (iso === undefined ? null : calendar.workingDaysBetween(receivedAt, new Date(iso)));
  const email = c.email === undefined ? `${c.reference.toLowerCase()}@example.nl` : c.email;
  // Read-model fixtures, as if their workflows ran long ago: workflow_started_at set, so that no
  // start sweep (startPendingWorkflows, in another test file) takes them for cases to start.
  await sql`
    INSERT INTO cases (reference, case_type, channel, language, status, name, email, customer_number, category, description,
      received_at, calendar_version, deadlines, breaches, closure, closed_at,
      acknowledged_at, responded_at, resolved_at, acknowledgement_due, response_due, resolution_due,
      working_days_to_response, working_days_to_resolution, complex, objected_at, objection_upheld, justified, root_cause,
      workflow_started_at)
    VALUES (${c.reference}, ${c.caseType}, ${c.channel}, 'nl', ${statusOf(c)}, 'Testklant', ${email}, ${c.customerNumber ?? null},
      ${c.category}, 'Een melding voor de analyse.', ${receivedAt}, ${calendar.version}, ${sql.json(deadlines)},
      ${c.breaches ?? []}, ${c.closure ?? null}, ${at(c.closedAt)},
      ${at(c.acknowledgedAt)}, ${at(c.respondedAt)}, ${at(c.resolvedAt)}, ${acknowledgementDue}, ${responseDue}, ${resolutionDue},
      ${workingDaysTo(c.respondedAt)}, ${workingDaysTo(c.resolvedAt)}, ${c.complex ?? false}, ${at(c.objectedAt)},
      ${c.objectionUpheld ?? null}, ${c.justified ?? null}, ${c.rootCause ?? null},
      ${receivedAt})`;
  if (c.satisfaction) {
    await sql`INSERT INTO satisfaction (reference, score, created_at)
      VALUES (${c.reference}, ${c.satisfaction.score}, ${new Date(c.satisfaction.at)})`;
  }
  for (const [i, a] of (c.improvementActions ?? []).entries()) {
    await sql`INSERT INTO improvement_actions (reference, event_key, text, owner, due_date, status, created_at, done_at, done_by)
      VALUES (${c.reference}, ${`analysis-test-${i}`}, 'Verbeter de factuurtekst.', 'kwaliteit@ccv.test', ${a.dueDate},
        ${a.doneAt ? 'done' : 'open'}, ${new Date(a.createdAt)}, ${at(a.doneAt)}, ${a.doneAt ? 'kwaliteit@ccv.test' : null})`;
  }
}
