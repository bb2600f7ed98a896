import type { TaskKind, TaskRole } from '../tasks/templates';
import type { Sql } from './db';

export interface NewTask {
  reference: string;
  /** Unique per case: a retried activity creates the task once. */
  eventKey: string;
  kind: TaskKind;
  title: string;
  titleEn: string;
  role: TaskRole;
  assignee: string | null;
  /** Who must not take it (the handler, for an objection review). */
  excludeAssignee: string | null;
  dueAt: string | null;
  /** Workflow time of the event that asked for the task. */
  createdAt: string;
}

/** Creates a staff task; returns false when the same case event already created it. */
export async function createTask(sql: Sql, t: NewTask): Promise<boolean> {
  const rows = await sql`
    INSERT INTO tasks (reference, event_key, kind, title, title_en, role, assignee, exclude_assignee, due_at, created_at)
    VALUES (${t.reference}, ${t.eventKey}, ${t.kind}, ${t.title}, ${t.titleEn}, ${t.role}, ${t.assignee},
            ${t.excludeAssignee}, ${t.dueAt}, ${t.createdAt})
    ON CONFLICT (reference, event_key) DO NOTHING RETURNING id`;
  return rows.length === 1;
}

/** Marks the open tasks of these kinds (or all) done: the work they asked for has happened. */
export async function completeTasks(sql: Sql, reference: string, kinds: TaskKind[] | 'all'): Promise<number> {
  const rows = kinds === 'all'
    ? await sql`UPDATE tasks SET status = 'done', completed_at = now() WHERE reference = ${reference} AND status = 'open' RETURNING id`
    : await sql`UPDATE tasks SET status = 'done', completed_at = now()
        WHERE reference = ${reference} AND status = 'open' AND kind = ANY(${kinds}) RETURNING id`;
  return rows.length;
}

export interface TaskRow {
  eventKey: string;
  kind: TaskKind;
  title: string;
  titleEn: string | null;
  role: TaskRole;
  assignee: string | null;
  excludeAssignee: string | null;
  dueAt: Date | null;
  status: 'open' | 'done';
  createdAt: Date;
}

export async function listTasks(sql: Sql, reference: string): Promise<TaskRow[]> {
  return sql<TaskRow[]>`
    SELECT event_key AS "eventKey", kind, title, title_en AS "titleEn", role, assignee,
      exclude_assignee AS "excludeAssignee", due_at AS "dueAt", status, created_at AS "createdAt"
    FROM tasks WHERE reference = ${reference} ORDER BY id`;
}
