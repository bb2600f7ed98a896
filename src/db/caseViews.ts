/**
 * Who has a case open (case_views, migration 024): each case page view is recorded, and the page
 * names the colleagues who looked at the same case in the last minutes, so that two people do not
 * answer the same customer at once. Views older than a day are removed as new ones come in.
 */
import type { Sql } from './db';

export const RECENT_VIEW_MINUTES = 5;

/** Records this view and returns the colleagues who viewed the case in the last minutes, most recent first. */
export async function viewCase(sql: Sql, reference: string, staffId: number): Promise<{ name: string; seenAt: Date }[]> {
  await sql`INSERT INTO case_views (reference, staff_id) VALUES (${reference}, ${staffId})
    ON CONFLICT (reference, staff_id) DO UPDATE SET seen_at = now()`;
  await sql`DELETE FROM case_views WHERE seen_at < now() - interval '1 day'`;
  return sql<{ name: string; seenAt: Date }[]>`
    SELECT s.name, v.seen_at AS "seenAt" FROM case_views v JOIN staff s ON s.id = v.staff_id
    WHERE v.reference = ${reference} AND v.staff_id <> ${staffId} AND v.seen_at > now() - make_interval(mins => ${RECENT_VIEW_MINUTES})
    ORDER BY v.seen_at DESC`;
}
