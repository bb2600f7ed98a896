import type { CaseDeadlines, CaseStatus, CaseType, Channel, Language } from '../domain/case';
import { DEFAULT_POLICY, type CasePolicy } from '../domain/policy';
import type { Intake } from '../domain/intake';
import { formatReference, referencePrefix } from '../domain/reference';
import { PREPARED, type Sql } from './db';

export interface CaseRecord {
  reference: string;
  caseType: CaseType;
  channel: Channel;
  language: Language;
  status: CaseStatus;
  name: string;
  email: string | null;
  phone: string | null;
  customerNumber: string | null;
  category: string;
  description: string;
  receivedAt: Date;
  calendarVersion: string;
  deadlines: CaseDeadlines;
  policy: CasePolicy;
  registeredBy: string | null;
  workflowStartedAt: Date | null;
  closure: string | null;
  closedAt: Date | null;
  /** Set when the personal data were removed: the retention period passed, or an erasure (AVG). */
  anonymisedAt: Date | null;
  anonymisedReason: 'retention' | 'erasure' | null;
  /** The version of the customer's status link (src/domain/statusToken.ts); raised when staff revoke it. */
  statusTokenVersion: number;
}

export interface NewCase {
  intake: Intake;
  channel: Channel;
  language: Language;
  receivedAt: Date;
  submissionKey?: string;
  deadlines: CaseDeadlines;
  policy: CasePolicy;
  /** Staff member who registered a phone case. */
  registeredBy?: string;
  /** Hash of the token in the customer's status link (src/domain/statusToken.ts). */
  statusTokenHash: (reference: string) => string;
  /** Hash of what was submitted: the same key with other content is a conflict, not a repeat. */
  submissionHash?: string;
}

export class SubmissionConflictError extends Error {
  constructor() {
    super('This idempotency key was used before for a different submission');
  }
}

const COLUMNS = `reference, case_type AS "caseType", channel, language, status, name, email, phone,
  customer_number AS "customerNumber", category, description, received_at AS "receivedAt",
  calendar_version AS "calendarVersion", deadlines, coalesce(policy, $$${JSON.stringify(DEFAULT_POLICY)}$$::jsonb) AS policy,
  registered_by AS "registeredBy", workflow_started_at AS "workflowStartedAt", closure, closed_at AS "closedAt",
  anonymised_at AS "anonymisedAt", anonymised_reason AS "anonymisedReason", status_token_version AS "statusTokenVersion"`;

const AMSTERDAM_YEAR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', year: 'numeric' });

/**
 * Stores a new case under the next reference of its type and year, or returns the case that the
 * same submission key already created (a double submit). Two statements: the number, then the
 * insert, which a second submit of the same key leaves alone (the unique submission key) and then
 * finds the first one's case.
 */
export async function insertCase(sql: Sql, c: NewCase): Promise<{ record: CaseRecord; created: boolean }> {
  // The number is taken in a statement of its own: the counter's row is locked for that statement
  // only, so concurrent intakes do not wait on each other's inserts. A number not used (a double
  // submit, a failed insert) leaves a gap; references stay unique.
  const year = Number(AMSTERDAM_YEAR.format(c.receivedAt));
  const prefix = referencePrefix(c.intake.caseType);
  const [counter] = await sql<{ last: number }[]>`
    INSERT INTO reference_counters (prefix, year, last) VALUES (${prefix}, ${year}, 1)
    ON CONFLICT (prefix, year) DO UPDATE SET last = reference_counters.last + 1
    RETURNING last`;
  const reference = formatReference(c.intake.caseType, year, counter!.last);
  const i = c.intake;
  const [record] = await sql.unsafe<CaseRecord[]>(
    `INSERT INTO cases (reference, case_type, channel, language, status, name, email, phone, customer_number,
       category, description, received_at, submission_key, calendar_version, deadlines, policy, registered_by,
       status_token_hash, submission_hash)
     VALUES ($1, $2, $3, $4, 'received', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
     ON CONFLICT (submission_key) DO NOTHING
     RETURNING ${COLUMNS}`,
    [reference, i.caseType, c.channel, c.language, i.name, i.email ?? null, i.phone ?? null, i.customerNumber ?? null,
      i.category, i.description, c.receivedAt, c.submissionKey ?? null, c.deadlines.calendarVersion,
      sql.json(c.deadlines as never), sql.json(c.policy as never), c.registeredBy ?? null, c.statusTokenHash(reference),
      c.submissionHash ?? null],
    PREPARED,
  );
  if (record) return { record, created: true };
  // The key was used before (only a submission key conflicts: a NULL key never does). An insert
  // of the same key still in progress elsewhere was waited for, so its case is there now.
  const [existing] = await sql.unsafe<(CaseRecord & { submissionHash: string | null })[]>(
    `SELECT ${COLUMNS}, submission_hash AS "submissionHash" FROM cases WHERE submission_key = $1`, [c.submissionKey!], PREPARED);
  if (!existing) throw new Error(`case with submission key ${c.submissionKey} neither stored nor found`);
  if (c.submissionHash && existing.submissionHash && existing.submissionHash !== c.submissionHash) {
    throw new SubmissionConflictError();
  }
  const { submissionHash: _hash, ...found } = existing;
  return { record: found, created: false };
}

export async function getCase(sql: Sql, reference: string): Promise<CaseRecord | undefined> {
  const [row] = await sql.unsafe<CaseRecord[]>(`SELECT ${COLUMNS} FROM cases WHERE reference = $1`, [reference], PREPARED);
  return row;
}

/** The case behind a status link's token, found by the token's hash. */
export async function findCaseByStatusTokenHash(sql: Sql, hash: string): Promise<CaseRecord | undefined> {
  const [row] = await sql.unsafe<CaseRecord[]>(`SELECT ${COLUMNS} FROM cases WHERE status_token_hash = $1`, [hash], PREPARED);
  return row;
}

export async function markWorkflowStarted(sql: Sql, reference: string): Promise<void> {
  await sql`UPDATE cases SET workflow_started_at = coalesce(workflow_started_at, now()) WHERE reference = ${reference}`;
}

/** Cases stored whose workflow did not start (Temporal was unreachable at the time); an erased one never starts. */
export async function casesAwaitingWorkflow(sql: Sql, limit = 100): Promise<CaseRecord[]> {
  return sql.unsafe<CaseRecord[]>(
    `SELECT ${COLUMNS} FROM cases WHERE workflow_started_at IS NULL AND anonymised_at IS NULL ORDER BY created_at LIMIT $1`, [limit], PREPARED);
}

/** The case's handler as the read model has it (for when the workflow cannot be asked). */
export async function handlerInReadModel(sql: Sql, reference: string): Promise<string | null> {
  const [row] = await sql<{ handler: string | null }[]>`SELECT handler FROM cases WHERE reference = ${reference}`;
  return row?.handler ?? null;
}
