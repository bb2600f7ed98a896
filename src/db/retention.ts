/**
 * Retention and erasure (AVG/GDPR art. 5(1)(e) and 17) in Postgres. A case is anonymised in every
 * table that holds its data: the name, contact details, customer number and every free text go;
 * what the figures of the analysis and the governance reports count stays (dates, type, category,
 * channel, deadlines, breaches, outcome kind, justified, root cause, satisfaction score), so a
 * report over an old period keeps its figures. Two facts the figures read from the contact
 * details are kept as flags first (`had_email`, `repeat_complaint`, migration 022).
 */
import type { RetentionSettings } from './settings';
import type postgres from 'postgres';
import type { Sql } from './db';

export type AnonymisedReason = 'retention' | 'erasure';

/** Timeline detail values that are no free text (a string under any other key is removed). */
const KEPT_DETAIL_KEYS = ['channel', 'template', 'step', 'event', 'error', 'handler', 'expectedDate', 'from', 'to', 'milestone'];

/** What an improvement action of an erased case says instead of its text (its owner and dates stay). */
export const REMOVED_TEXT = 'Tekst verwijderd (AVG) / Text removed (GDPR)';

type Tx = postgres.TransactionSql;

/**
 * Anonymises the given cases in one transaction (the caller's): cases, case_events, outbox,
 * satisfaction, audit_log, improvement_actions (erasure: all; retention: those done),
 * status_form_nonces and case_concerns; their attachments are deleted. Returns the number of cases
 * anonymised.
 */
export async function anonymiseCases(tx: Tx, references: string[], reason: AnonymisedReason, at: Date): Promise<number> {
  if (references.length === 0) return 0;
  // A complaint whose customer complained in the 12 months before stays a repeat complaint when
  // either of the two loses its contact details (the same condition as src/analysis/caseFilter.ts).
  await tx`
    UPDATE cases c SET repeat_complaint = true
    WHERE c.case_type = 'complaint' AND c.repeat_complaint IS NOT TRUE AND EXISTS (
      SELECT 1 FROM cases p WHERE p.case_type = 'complaint' AND p.received_at < c.received_at
        AND p.received_at >= ((c.received_at AT TIME ZONE 'Europe/Amsterdam') - interval '12 months') AT TIME ZONE 'Europe/Amsterdam'
        AND ((c.email IS NOT NULL AND lower(p.email) = lower(c.email)) OR (c.customer_number IS NOT NULL AND p.customer_number = c.customer_number))
        AND (c.reference = ANY(${references}) OR p.reference = ANY(${references})))`;
  const rows = await tx`
    UPDATE cases SET had_email = (email IS NOT NULL OR coalesce(had_email, false)),
      name = '', email = NULL, phone = NULL, customer_number = NULL, description = '',
      submission_key = NULL, submission_hash = NULL, status_token_hash = NULL, workflow_state = NULL,
      anonymised_at = ${at}, anonymised_reason = ${reason}, updated_at = now()
    WHERE reference = ANY(${references}) RETURNING reference`;
  await tx`
    UPDATE case_events SET body = NULL, detail = (
      SELECT coalesce(jsonb_object_agg(k, v), '{}'::jsonb) FROM jsonb_each(detail) AS d(k, v)
      WHERE jsonb_typeof(v) <> 'string' OR k = ANY(${KEPT_DETAIL_KEYS}))
    WHERE reference = ANY(${references})`;
  await tx`
    UPDATE outbox SET to_address = '', text_body = '', html_body = '', last_error = NULL,
      body_removed_at = coalesce(body_removed_at, ${at})
    WHERE reference = ANY(${references})`;
  await tx`UPDATE satisfaction SET comment = NULL WHERE reference = ANY(${references}) AND comment IS NOT NULL`;
  // Who did what and when stays; what they typed (a refused action's reason, a staff address) goes.
  await tx`UPDATE audit_log SET detail = '{}'::jsonb WHERE reference = ANY(${references}) AND detail <> '{}'::jsonb`;
  await tx`
    UPDATE improvement_actions SET text = ${REMOVED_TEXT}
    WHERE reference = ANY(${references}) AND (${reason} = 'erasure' OR status = 'done')`;
  await tx`DELETE FROM status_form_nonces WHERE reference = ANY(${references})`;
  await tx`DELETE FROM case_concerns WHERE reference = ANY(${references})`;
  // The customer's files (photos, PDFs) go whole: nothing of them is needed for the figures.
  await tx`DELETE FROM attachments WHERE reference = ANY(${references})`;
  return rows.length;
}

export interface RetentionResult {
  cases: number;
  emails: number;
  auditEntries: number;
  nonces: number;
}

const BATCH = 500;
const daysBefore = (asOf: Date, days: number) => new Date(asOf.getTime() - days * 86_400_000);

/**
 * Removes what has passed its period as of `asOf`: cases closed longer ago than
 * `closedCaseDays` are anonymised (in batches, each its own transaction), emails delivered
 * longer ago than `outboxBodyDays` lose their text and address, audit entries older than
 * `auditDays` and status-form nonces older than `statusFormNonceDays` are deleted. Safe to repeat.
 */
export async function applyRetention(sql: Sql, r: RetentionSettings, asOf: Date): Promise<RetentionResult> {
  const result: RetentionResult = { cases: 0, emails: 0, auditEntries: 0, nonces: 0 };
  const closedBefore = daysBefore(asOf, r.closedCaseDays);
  for (;;) {
    const batch = await sql<{ reference: string }[]>`
      SELECT reference FROM cases WHERE anonymised_at IS NULL AND closed_at IS NOT NULL AND closed_at < ${closedBefore}
      ORDER BY closed_at LIMIT ${BATCH}`;
    if (batch.length === 0) break;
    result.cases += await sql.begin((tx) => anonymiseCases(tx, batch.map((b) => b.reference), 'retention', asOf));
    if (batch.length < BATCH) break;
  }
  const emails = await sql`
    UPDATE outbox SET to_address = '', text_body = '', html_body = '', last_error = NULL, body_removed_at = ${asOf}
    WHERE body_removed_at IS NULL AND status IN ('sent', 'stored', 'failed')
      AND coalesce(sent_at, created_at) < ${daysBefore(asOf, r.outboxBodyDays)}`;
  result.emails = emails.count;
  result.auditEntries = (await sql`DELETE FROM audit_log WHERE at < ${daysBefore(asOf, r.auditDays)}`).count;
  result.nonces = (await sql`DELETE FROM status_form_nonces WHERE created_at < ${daysBefore(asOf, r.statusFormNonceDays)}`).count;
  return result;
}

/**
 * An erased case's read model that its workflow could not close (terminated: the worker was
 * away): closed as withdrawn, its open tasks done, so that no figure counts it as open for ever.
 */
export async function closeErasedCase(tx: Tx, reference: string, at: Date): Promise<void> {
  await tx`
    UPDATE cases SET status = 'closed', closure = coalesce(closure, 'withdrawn'), closed_at = coalesce(closed_at, ${at}),
      next_deadline = NULL
    WHERE reference = ${reference} AND status <> 'closed'`;
  await tx`UPDATE tasks SET status = 'done', completed_at = ${at} WHERE reference = ${reference} AND status = 'open'`;
}
