/**
 * The handlers' queue (/admin/taken): one row per case with open tasks in the view, the case's
 * customer, status, handler and breaches, and its deadline: the earliest of the case's next
 * deadline and its open tasks' due dates. A finding of the continuous analysis (a task without
 * a case) is a row of its own.
 */
import type { CaseStatus } from '../domain/case';
import { takableTaskRoles, type Role } from '../domain/staff';
import type { TaskKind, TaskRole } from '../tasks/templates';
import { notConcerning } from './caseConcerns';
import type { Sql } from './db';

/**
 * work: assigned to me, and unassigned tasks for my own role that I may take (the default);
 * mine: assigned to me; team: routed to my role; unassigned: nobody's yet; all: every open task.
 */
export const QUEUE_VIEWS = ['work', 'mine', 'team', 'unassigned', 'all'] as const;
export type QueueView = (typeof QUEUE_VIEWS)[number];
export const QUEUE_SORTS = ['deadline', 'reference', 'customer', 'status', 'handler'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];
export const QUEUE_PAGE_SIZE = 50;

export interface QueueTask {
  id: number;
  kind: TaskKind;
  title: string;
  titleEn: string | null;
  role: TaskRole;
  assignee: string | null;
  dueAt: Date | null;
}

export interface QueueRow {
  /** Null for a finding of the continuous analysis. */
  reference: string | null;
  caseType: 'complaint' | 'feedback' | null;
  status: CaseStatus | null;
  /** The customer's name ('' once anonymised). */
  name: string | null;
  handler: string | null;
  breaches: string[];
  deadline: Date | null;
  tasks: QueueTask[];
}

const STATUS_ORDER = ['received', 'in-progress', 'awaiting-customer', 'responded', 'resolved', 'objected', 'closed'];

export async function listQueue(
  sql: Sql, view: QueueView, me: { email: string; role: Role },
  o: { sort: QueueSort; descending: boolean; page: number },
): Promise<{ rows: QueueRow[]; total: number }> {
  const filter = view === 'work'
    ? sql`AND (t.assignee = ${me.email} OR (t.assignee IS NULL AND t.role = ${me.role} AND t.role = ANY(${takableTaskRoles(me.role)})
        AND NOT (${me.email} = ANY(coalesce(t.exclude_assignee, '{}')))))`
    : view === 'mine' ? sql`AND t.assignee = ${me.email}`
      : view === 'team' ? sql`AND t.role = ${me.role}`
        : view === 'unassigned' ? sql`AND t.assignee IS NULL`
          : sql``;
  const direction = o.descending ? sql`DESC` : sql`ASC`;
  const order = {
    deadline: sql`deadline ${direction} NULLS LAST`,
    reference: sql`g.key ${direction}`,
    customer: sql`lower(c.name) ${direction} NULLS LAST`,
    status: sql`array_position(${STATUS_ORDER}::text[], c.status) ${direction} NULLS LAST`,
    handler: sql`lower(coalesce(s.name, c.handler)) ${direction} NULLS LAST`,
  }[o.sort];
  const rows = await sql<(Omit<QueueRow, 'tasks'> & { tasks: (Omit<QueueTask, 'dueAt'> & { dueAt: string | null })[]; total: number })[]>`
    WITH open AS (
      SELECT t.* FROM tasks t
      WHERE t.status = 'open' ${filter} AND ${notConcerning(sql, me.email, 't.reference')}
    ), grouped AS (
      SELECT coalesce(o.reference, 'finding-' || o.id) AS key, o.reference, min(o.due_at) AS first_due,
        json_agg(json_build_object('id', o.id, 'kind', o.kind, 'title', o.title, 'titleEn', o.title_en, 'role', o.role,
          'assignee', o.assignee, 'dueAt', o.due_at) ORDER BY o.due_at NULLS LAST, o.id) AS tasks
      FROM open o GROUP BY 1, 2
    )
    SELECT g.reference, c.case_type AS "caseType", c.status, c.name, c.handler, coalesce(c.breaches, '{}') AS breaches,
      CASE WHEN c.status IS NULL OR c.status = 'closed' THEN g.first_due ELSE least(c.next_deadline, g.first_due) END AS deadline,
      g.tasks, (count(*) OVER ())::int AS total
    FROM grouped g
      LEFT JOIN cases c ON c.reference = g.reference
      LEFT JOIN staff s ON s.email = c.handler
    ORDER BY ${order}, g.key
    LIMIT ${QUEUE_PAGE_SIZE} OFFSET ${(o.page - 1) * QUEUE_PAGE_SIZE}`;
  // A page past the end (the queue shrank since the link was made) still tells how many there are.
  if (rows.length === 0 && o.page > 1) return { rows: [], total: (await listQueue(sql, view, me, { ...o, page: 1 })).total };
  return {
    rows: rows.map(({ total: _total, ...r }) => ({ ...r, tasks: r.tasks.map((t) => ({ ...t, dueAt: t.dueAt ? new Date(t.dueAt) : null })) })),
    total: rows[0]?.total ?? 0,
  };
}
