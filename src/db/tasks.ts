import type { Sql } from './db';

export interface NewTask {
  reference: string;
  /** Unique per case: a retried activity creates the task once. */
  eventKey: string;
  kind: 'triage' | 'escalation';
  title: string;
  dueAt?: string;
}

/** Creates a staff task; returns false when the same case event already created it. */
export async function createTask(sql: Sql, task: NewTask): Promise<boolean> {
  const rows = await sql`
    INSERT INTO tasks (reference, event_key, kind, title, due_at)
    VALUES (${task.reference}, ${task.eventKey}, ${task.kind}, ${task.title}, ${task.dueAt ?? null})
    ON CONFLICT (reference, event_key) DO NOTHING RETURNING id`;
  return rows.length === 1;
}

export async function listTasks(sql: Sql, reference: string) {
  return sql<{ eventKey: string; kind: string; title: string; dueAt: Date | null; status: string }[]>`
    SELECT event_key AS "eventKey", kind, title, due_at AS "dueAt", status FROM tasks
    WHERE reference = ${reference} ORDER BY id`;
}
