import type { CaseStatus } from '../domain/case';
import type { Sql } from './db';

export interface CaseEvent {
  reference: string;
  /** Unique per case: a retried activity records the event once. */
  eventKey: string;
  event: string;
  occurredAt: string;
  actor: string;
  status?: CaseStatus;
  detail?: Record<string, string | number | boolean | null>;
}

/** Writes one timeline entry to the read model, and the case's status when the event changes it. */
export async function recordCaseEvent(sql: Sql, e: CaseEvent): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO case_events (reference, event_key, event, occurred_at, actor, detail)
      VALUES (${e.reference}, ${e.eventKey}, ${e.event}, ${e.occurredAt}, ${e.actor}, ${tx.json(e.detail ?? {})})
      ON CONFLICT (reference, event_key) DO NOTHING`;
    if (e.status) await tx`UPDATE cases SET status = ${e.status}, updated_at = now() WHERE reference = ${e.reference}`;
  });
}

export async function listCaseEvents(sql: Sql, reference: string) {
  return sql<{ event: string; occurredAt: Date; actor: string; detail: Record<string, unknown> }[]>`
    SELECT event, occurred_at AS "occurredAt", actor, detail FROM case_events
    WHERE reference = ${reference} ORDER BY occurred_at, id`;
}
