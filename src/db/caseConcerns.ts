/**
 * Cases that concern a staff member (a complaint about their conduct, say). Whoever a case
 * concerns cannot see it: not in the case list, not its page, its tasks or its improvement
 * actions, and cannot be given it. Team leads and coordinators mark and unmark.
 */
import { getCase, type CaseRecord } from './cases';
import type { Queryable, Sql } from './db';

export interface CaseConcern {
  staffEmail: string;
  name: string | null;
  markedBy: string;
  markedAt: Date;
}

export async function concernsOf(sql: Sql, reference: string): Promise<CaseConcern[]> {
  return sql<CaseConcern[]>`
    SELECT c.staff_email AS "staffEmail", s.name, c.marked_by AS "markedBy", c.marked_at AS "markedAt"
    FROM case_concerns c LEFT JOIN staff s ON s.email = c.staff_email
    WHERE c.reference = ${reference} ORDER BY c.marked_at`;
}

/** The case as this staff member may see it: undefined when it does not exist or concerns them. */
export async function caseVisibleTo(sql: Sql, reference: string, staffEmail: string): Promise<CaseRecord | undefined> {
  const record = await getCase(sql, reference);
  return record && !(await caseConcerns(sql, reference, staffEmail)) ? record : undefined;
}

export async function caseConcerns(sql: Sql, reference: string, staffEmail: string): Promise<boolean> {
  const [row] = await sql`SELECT 1 FROM case_concerns WHERE reference = ${reference} AND staff_email = lower(${staffEmail})`;
  return row !== undefined;
}

/**
 * A condition for queries over cases or tasks: the row's case does not concern `staffEmail`.
 * `referenceColumn` names the column that holds the reference, qualified ("cases.reference",
 * "t.reference"): unqualified, it would mean case_concerns' own column.
 */
export function notConcerning(sql: Queryable, staffEmail: string, referenceColumn: string) {
  return sql`NOT EXISTS (SELECT 1 FROM case_concerns cc WHERE cc.reference = ${sql(referenceColumn)} AND cc.staff_email = lower(${staffEmail}))`;
}

/**
 * Marks the case as concerning the staff member; their open tasks of the case go back to the
 * pool, so no one keeps work on a case they may no longer see. False when already marked.
 */
export async function markConcern(sql: Sql, m: { reference: string; staffEmail: string; by: string }): Promise<boolean> {
  return sql.begin(async (tx) => {
    const rows = await tx`INSERT INTO case_concerns (reference, staff_email, marked_by)
      VALUES (${m.reference}, lower(${m.staffEmail}), ${m.by}) ON CONFLICT DO NOTHING RETURNING reference`;
    await tx`UPDATE tasks SET assignee = NULL
      WHERE reference = ${m.reference} AND status = 'open' AND assignee = lower(${m.staffEmail})`;
    return rows.length === 1;
  });
}

export async function unmarkConcern(sql: Sql, reference: string, staffEmail: string): Promise<boolean> {
  const rows = await sql`DELETE FROM case_concerns WHERE reference = ${reference} AND staff_email = lower(${staffEmail}) RETURNING reference`;
  return rows.length === 1;
}
