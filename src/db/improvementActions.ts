import type { ImprovementAction } from '../domain/lifecycle';
import { notConcerning } from './caseConcerns';
import type { Sql } from './db';

export interface ImprovementActionRow extends ImprovementAction {
  id: number;
  reference: string;
  status: 'open' | 'done';
  createdAt: Date;
  doneAt: Date | null;
}

/** Records an improvement action once per case event; returns false when it already exists. */
export async function insertImprovementAction(
  sql: Sql, a: ImprovementAction & { reference: string; eventKey: string; createdAt: string },
): Promise<boolean> {
  const rows = await sql`
    INSERT INTO improvement_actions (reference, event_key, text, owner, due_date, created_at)
    VALUES (${a.reference}, ${a.eventKey}, ${a.text}, ${a.owner}, ${a.dueDate}, ${a.createdAt})
    ON CONFLICT (reference, event_key) DO NOTHING RETURNING id`;
  return rows.length === 1;
}

/** All improvement actions, or one case's; `hiddenFrom`: without those of cases that concern this staff member. */
export async function listImprovementActions(sql: Sql, o: { reference?: string; hiddenFrom?: string } = {}): Promise<ImprovementActionRow[]> {
  const conditions = [sql`true`];
  if (o.reference) conditions.push(sql`reference = ${o.reference}`);
  if (o.hiddenFrom) conditions.push(notConcerning(sql, o.hiddenFrom, 'improvement_actions.reference'));
  return sql<ImprovementActionRow[]>`
    SELECT id::int AS id, reference, text, owner, to_char(due_date, 'YYYY-MM-DD') AS "dueDate", status,
      created_at AS "createdAt", done_at AS "doneAt"
    FROM improvement_actions WHERE ${conditions.reduce((acc, c) => sql`${acc} AND ${c}`)}
    ORDER BY status, due_date, id`;
}

/** The role a task for this staff member is routed to: their own, or the coordinator's for administrators. */
export async function taskRoleOf(sql: Sql, email: string): Promise<'agent' | 'team-lead' | 'coordinator'> {
  const [row] = await sql<{ role: string }[]>`SELECT role FROM staff WHERE email = ${email}`;
  return row?.role === 'agent' || row?.role === 'team-lead' ? row.role : 'coordinator';
}
