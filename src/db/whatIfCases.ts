import type { RecordedCase } from '../analysis/whatIf';
import type { CaseType } from '../domain/case';
import type { Sql } from './db';

/**
 * The recorded timelines of the cases received in [from, endsBefore) for the what-if: the
 * milestones from the read model's columns, the waits on the customer from its events (a wait
 * runs from the first question to the customer's answer).
 */
export async function recordedCases(sql: Sql, startsAt: Date, endsBefore: Date): Promise<RecordedCase[]> {
  const rows = await sql<{
    reference: string; caseType: CaseType; receivedAt: Date; respondedAt: Date | null; resolvedAt: Date | null;
    objectedAt: Date | null; withdrawnAt: Date | null; events: { event: string; at: string }[] | null;
  }[]>`
    SELECT c.reference, c.case_type AS "caseType", c.received_at AS "receivedAt", c.responded_at AS "respondedAt",
      c.resolved_at AS "resolvedAt", c.objected_at AS "objectedAt",
      CASE WHEN c.closure = 'withdrawn' THEN c.closed_at END AS "withdrawnAt",
      (SELECT json_agg(json_build_object('event', e.event, 'at', e.occurred_at) ORDER BY e.occurred_at, e.seq)
         FROM case_events e WHERE e.reference = c.reference AND e.event IN ('information-requested', 'customer-replied')) AS events
    FROM cases c
    WHERE c.received_at >= ${startsAt} AND c.received_at < ${endsBefore}
    ORDER BY c.received_at`;
  return rows.map(({ events, ...c }) => ({ ...c, waits: waitsOf(events ?? []) }));
}

function waitsOf(events: { event: string; at: string }[]): RecordedCase['waits'] {
  const waits: RecordedCase['waits'] = [];
  let open: Date | undefined;
  for (const e of events) {
    if (e.event === 'information-requested') open ??= new Date(e.at);
    else if (open) {
      waits.push({ from: open, to: new Date(e.at) });
      open = undefined;
    }
  }
  if (open) waits.push({ from: open, to: null });
  return waits;
}
