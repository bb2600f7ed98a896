import type { WorkingDayCalendar } from '../calendar/workingDays';
import type { CaseSnapshot, CaseState, CaseStateWithoutTimeline, TimelineEntry } from '../domain/lifecycle';
import type { Queryable, Sql } from './db';
import { staffAddresses } from './staff';

/**
 * Writes one timeline entry, and the case's state after it when given, to the read model.
 * Idempotent: the entry's sequence number is its key, so a retried activity or a rebuild writes
 * it once. With a calendar, the working days to the response and to the outcome are counted for
 * the analysis (after the receipt date, up to and including the day of the response or outcome).
 * Staff named by staff id in the workflow are written by email address, as the read model keeps them.
 */
export async function projectCase(
  sql: Sql, reference: string, named: TimelineEntry, snapshot?: CaseSnapshot, calendar?: WorkingDayCalendar,
): Promise<void> {
  const handlerDetail = typeof named.detail?.handler === 'string' ? named.detail.handler : undefined;
  const address = await staffAddresses(sql, [named.actor, snapshot?.handler, handlerDetail]);
  const entry = { ...named, actor: address(named.actor), ...(handlerDetail ? { detail: { ...named.detail, handler: address(handlerDetail) } } : {}) };
  const s = snapshot && { ...snapshot, handler: snapshot.handler && address(snapshot.handler) };
  const workingDaysTo = (at: string | null | undefined) =>
    at && s?.receivedAt && calendar ? calendar.workingDaysBetween(new Date(s.receivedAt), new Date(at)) : null;
  // An anonymised case gets no texts back from a step that was still under way (erasure). The
  // case's row is locked first, as the state's UPDATE locks it: an erasure (src/db/retention.ts)
  // that comes later waits and then clears this entry too; one that came first leaves no live row.
  const live = sql`live AS (SELECT reference AS live_reference FROM cases
    WHERE reference = ${reference} AND anonymised_at IS NULL FOR NO KEY UPDATE)`;
  const insertEntry = sql`
    INSERT INTO case_events (reference, event_key, seq, event, occurred_at, actor, workflow_actor, visibility, body, detail)
    SELECT live_reference, ${`${entry.seq}-${entry.event}`}, ${entry.seq}, ${entry.event}, ${entry.at}, ${entry.actor},
           ${named.actor}, ${entry.visibility}, ${entry.text ?? null}, ${sql.json(entry.detail ?? {})}
    FROM live WHERE true
    ON CONFLICT (reference, event_key) DO UPDATE SET workflow_actor = EXCLUDED.workflow_actor WHERE case_events.workflow_actor IS NULL`;
  if (!s) {
    await sql`WITH ${live} ${insertEntry}`;
    return;
  }
  const d = s.deadlines;
  const version = s.version ?? null;
  // One statement, so one round trip and its own transaction: the entry and the case's state
  // after it. A retried or late write of an older snapshot never overwrites a newer one: by the
  // workflow's number when both have one, else (a rebuild) by the entry's.
  const write = (q: Queryable) => q`
    WITH ${live}, entry AS (${insertEntry})
    UPDATE cases SET status = ${s.status}, handler = ${s.handler}, next_deadline = ${s.nextDeadline},
      breaches = ${s.breaches}, deadlines = ${q.json(d as never)}, calendar_version = ${d.calendarVersion},
      closure = ${s.closure}, closed_at = CASE WHEN ${s.status} = 'closed' THEN coalesce(closed_at, ${entry.at}::timestamptz) END,
      case_type = coalesce(${s.caseType ?? null}, case_type),
      acknowledgement_due = ${d.acknowledgementDue}, response_due = ${d.substantiveResponseDue}, resolution_due = ${d.resolutionDue ?? null},
      acknowledged_at = ${s.acknowledgedAt ?? null}, responded_at = ${s.respondedAt ?? null}, resolved_at = ${s.resolvedAt ?? null},
      working_days_to_response = coalesce(${workingDaysTo(s.respondedAt)}, working_days_to_response),
      working_days_to_resolution = coalesce(${workingDaysTo(s.resolvedAt)}, working_days_to_resolution),
      complex = ${s.complex ?? false}, objected_at = ${s.objectedAt ?? null}, objection_upheld = ${s.objectionUpheld ?? null},
      justified = ${s.justified ?? null}, root_cause = ${s.rootCause ?? null}, converted_at = ${s.convertedAt ?? null},
      workflow_state = ${s.state ? q.json(s.state as never) : null}, state_version = ${version},
      projected_seq = greatest(projected_seq, ${entry.seq}), updated_at = now()
    FROM live
    WHERE reference = live_reference AND CASE WHEN ${version}::int IS NULL OR state_version IS NULL
      THEN projected_seq <= ${entry.seq} ELSE state_version < ${version}::int END`;
  if (entry.event !== 'handler-assigned' || !s.handler) {
    await write(sql);
    return;
  }
  // A case's open tasks for handlers follow it to its (new) handler, unless it has another one
  // by now (read after the state is written, in the same transaction); improvement actions
  // belong to their owner, not to the case's handler.
  await sql.begin(async (tx) => {
    await write(tx);
    await tx`
      UPDATE tasks SET assignee = ${s.handler}
      WHERE reference = ${reference} AND status = 'open' AND role = 'agent' AND assignee IS DISTINCT FROM ${s.handler}
        AND kind <> 'improvement-action' -- an improvement action stays with its owner
        AND NOT (${s.handler} = ANY(coalesce(exclude_assignee, '{}')))
        AND EXISTS (SELECT 1 FROM cases WHERE reference = ${reference} AND handler = ${s.handler} AND anonymised_at IS NULL)`;
  });
}

export interface CaseEventRow {
  seq: number;
  event: string;
  occurredAt: Date;
  actor: string;
  /** The actor as the workflow names them; null for an entry projected before that was kept. */
  workflowActor: string | null;
  visibility: 'public' | 'internal';
  body: string | null;
  detail: Record<string, unknown>;
}

export async function listCaseEvents(sql: Sql, reference: string): Promise<CaseEventRow[]> {
  return sql<CaseEventRow[]>`
    SELECT seq, event, occurred_at AS "occurredAt", actor, workflow_actor AS "workflowActor", visibility, body, detail FROM case_events
    WHERE reference = ${reference} ORDER BY seq, id`;
}

/** The entries as the workflow's timeline has them (staff by staff id where the workflow named them so). */
export function timelineOf(events: readonly CaseEventRow[]): TimelineEntry[] {
  return events.map((e) => ({
    seq: e.seq, at: e.occurredAt.toISOString(), event: e.event as TimelineEntry['event'], actor: e.workflowActor ?? e.actor,
    visibility: e.visibility, ...(e.body === null ? {} : { text: e.body }),
    ...(Object.keys(e.detail).length > 0 ? { detail: e.detail as TimelineEntry['detail'] } : {}),
  }));
}

/**
 * The case as the read model has it: its state (cases.workflow_state) with its timeline (case_events).
 * No state while the read model lacks part of it: a case not projected since the state was kept,
 * or with entries projected before their actors were; an anonymised case, whose texts are gone.
 */
export async function caseInReadModel(sql: Sql, reference: string): Promise<{ state?: CaseState; events: CaseEventRow[] }> {
  const [[row], events] = await Promise.all([
    sql<{ state: CaseStateWithoutTimeline | null }[]>`SELECT workflow_state AS state FROM cases WHERE reference = ${reference}`,
    listCaseEvents(sql, reference),
  ]);
  const whole = row?.state && events.every((e) => e.workflowActor !== null);
  return whole ? { state: { ...row.state!, timeline: timelineOf(events) }, events } : { events };
}
