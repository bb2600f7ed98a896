import type { CaseSnapshot, TimelineEntry } from '../domain/lifecycle';
import type { Sql } from './db';

/**
 * Writes one timeline entry, and the case's state after it when given, to the read model.
 * Idempotent: the entry's sequence number is its key, so a retried activity or a rebuild writes
 * it once.
 */
export async function projectCase(sql: Sql, reference: string, entry: TimelineEntry, s?: CaseSnapshot): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      INSERT INTO case_events (reference, event_key, seq, event, occurred_at, actor, visibility, body, detail)
      VALUES (${reference}, ${`${entry.seq}-${entry.event}`}, ${entry.seq}, ${entry.event}, ${entry.at}, ${entry.actor},
              ${entry.visibility}, ${entry.text ?? null}, ${tx.json(entry.detail ?? {})})
      ON CONFLICT (reference, event_key) DO NOTHING`;
    if (!s) return;
    // A retried write of an older snapshot never overwrites a newer one.
    await tx`
      UPDATE cases SET status = ${s.status}, handler = ${s.handler}, next_deadline = ${s.nextDeadline},
        breaches = ${s.breaches}, deadlines = ${tx.json(s.deadlines as never)}, calendar_version = ${s.deadlines.calendarVersion},
        closure = ${s.closure}, closed_at = CASE WHEN ${s.status} = 'closed' THEN coalesce(closed_at, ${entry.at}::timestamptz) END,
        projected_seq = ${entry.seq}, updated_at = now()
      WHERE reference = ${reference} AND projected_seq <= ${entry.seq}`;
  });
}

export interface CaseEventRow {
  seq: number;
  event: string;
  occurredAt: Date;
  actor: string;
  visibility: 'public' | 'internal';
  body: string | null;
  detail: Record<string, unknown>;
}

export async function listCaseEvents(sql: Sql, reference: string): Promise<CaseEventRow[]> {
  return sql<CaseEventRow[]>`
    SELECT seq, event, occurred_at AS "occurredAt", actor, visibility, body, detail FROM case_events
    WHERE reference = ${reference} ORDER BY seq, id`;
}
