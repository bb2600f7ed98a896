import { takableTaskRoles, type Role } from '../domain/staff';
import type { CaseDeadlines } from '../domain/case';
import type { TaskDeadline, TaskKind, TaskRole } from '../tasks/templates';
import { notConcerning } from './caseConcerns';
import type { Sql } from './db';

export interface NewTask {
  /** Null for a finding of the continuous analysis that belongs to no single case. */
  reference: string | null;
  /** Unique per case: a retried activity creates the task once. */
  eventKey: string;
  kind: TaskKind;
  title: string;
  titleEn: string;
  role: TaskRole;
  assignee: string | null;
  /** Who must not take it (the handlers, for an objection review). */
  excludeAssignee: string[] | null;
  dueAt: string | null;
  /** The case deadline the due date follows when the deadlines move. */
  follows?: TaskDeadline | null;
  /** Workflow time of the event that asked for the task. */
  createdAt: string;
}

/** Creates a staff task; returns false when the same case event (or finding) already created it. */
export async function createTask(sql: Sql, t: NewTask): Promise<boolean> {
  const conflict = t.reference === null ? sql`(event_key) WHERE reference IS NULL` : sql`(reference, event_key)`;
  const rows = await sql`
    INSERT INTO tasks (reference, event_key, kind, title, title_en, role, assignee, exclude_assignee, due_at, follows, created_at)
    VALUES (${t.reference}, ${t.eventKey}, ${t.kind}, ${t.title}, ${t.titleEn}, ${t.role}, ${t.assignee},
            ${t.excludeAssignee}, ${t.dueAt}, ${t.follows ?? null}, ${t.createdAt})
    ON CONFLICT ${conflict} DO NOTHING RETURNING id`;
  return rows.length === 1;
}

/**
 * Marks the open tasks of these kinds (or all) done: the work they asked for has happened.
 * Improvement actions outlive the case: 'all' leaves their tasks open.
 */
export async function completeTasks(sql: Sql, reference: string, kinds: TaskKind[] | 'all'): Promise<number> {
  const rows = kinds === 'all'
    ? await sql`UPDATE tasks SET status = 'done', completed_at = now()
        WHERE reference = ${reference} AND status = 'open' AND kind <> 'improvement-action' RETURNING id`
    : await sql`UPDATE tasks SET status = 'done', completed_at = now()
        WHERE reference = ${reference} AND status = 'open' AND kind = ANY(${kinds}) RETURNING id`;
  return rows.length;
}

/**
 * Moves the due dates of the case's open tasks to the deadlines now in force (after a pause
 * ended or a recomputation); returns how many tasks moved.
 */
export async function retimeTasks(
  sql: Sql, reference: string, deadlines: Pick<CaseDeadlines, 'substantiveResponseDue' | 'resolutionDue'>,
  objectionReviewDue?: string,
): Promise<number> {
  const due: Record<TaskDeadline, string | undefined> = {
    'substantive-response': deadlines.substantiveResponseDue,
    resolution: deadlines.resolutionDue,
    'objection-review': objectionReviewDue,
  };
  let moved = 0;
  for (const [follows, at] of Object.entries(due)) {
    if (!at) continue;
    const rows = await sql`UPDATE tasks SET due_at = ${at}
      WHERE reference = ${reference} AND status = 'open' AND follows = ${follows} AND due_at IS DISTINCT FROM ${at}
      RETURNING id`;
    moved += rows.length;
  }
  return moved;
}

export interface TaskRow {
  eventKey: string;
  kind: TaskKind;
  title: string;
  titleEn: string | null;
  role: TaskRole;
  assignee: string | null;
  excludeAssignee: string[] | null;
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

export interface InboxTask extends TaskRow {
  id: number;
  /** Null for a finding of the continuous analysis. */
  reference: string | null;
  caseType: string | null;
}

/** The inbox: open tasks assigned to me, to my role (my team), unassigned, or all; due first. */
export async function listInbox(sql: Sql, view: 'mine' | 'team' | 'unassigned' | 'all', me: { email: string; role: string }): Promise<InboxTask[]> {
  const filter = view === 'mine' ? sql`AND t.assignee = ${me.email}`
    : view === 'team' ? sql`AND t.role = ${me.role}`
      : view === 'unassigned' ? sql`AND t.assignee IS NULL`
        : sql``;
  return sql<InboxTask[]>`
    SELECT t.id::int AS id, t.reference, c.case_type AS "caseType", t.event_key AS "eventKey", t.kind, t.title,
      t.title_en AS "titleEn", t.role, t.assignee, t.exclude_assignee AS "excludeAssignee", t.due_at AS "dueAt",
      t.status, t.created_at AS "createdAt"
    FROM tasks t LEFT JOIN cases c ON c.reference = t.reference
    WHERE t.status = 'open' ${filter} AND ${notConcerning(sql, me.email, 't.reference')}
    ORDER BY t.due_at ASC NULLS LAST, t.created_at ASC
    LIMIT 200`;
}

export type TaskChange = 'done' | 'not-found' | 'excluded' | 'not-allowed';

interface TaskTaker { email: string; role: Role }

/** Why a task cannot change, once the conditional update matched nothing. */
async function whyNot(sql: Sql, id: number, person: string): Promise<TaskChange> {
  const [task] = await sql<{ excluded: boolean }[]>`
    SELECT ${person} = ANY(coalesce(exclude_assignee, '{}')) OR NOT ${notConcerning(sql, person, 'tasks.reference')} AS excluded
    FROM tasks WHERE id = ${id} AND status = 'open'`;
  return !task ? 'not-found' : task.excluded ? 'excluded' : 'not-allowed';
}

/**
 * Takes an open task: only one routed to a role the staff member may take, not excluded from
 * (an objection's handlers), and not already someone else's. One conditional update: of two
 * simultaneous claims, one wins.
 */
export async function claimTask(sql: Sql, id: number, me: TaskTaker): Promise<TaskChange> {
  const rows = await sql`
    UPDATE tasks SET assignee = ${me.email}
    WHERE id = ${id} AND status = 'open' AND (assignee IS NULL OR assignee = ${me.email})
      AND role = ANY(${takableTaskRoles(me.role)}) AND NOT (${me.email} = ANY(coalesce(exclude_assignee, '{}'))) AND ${notConcerning(sql, me.email, 'tasks.reference')}
    RETURNING id`;
  return rows.length === 1 ? 'done' : whyNot(sql, id, me.email);
}

/**
 * Gives an open task to a staff member whose role may take it and who is not excluded from it;
 * `by`, who gives it, may not do so on a case that concerns them either.
 */
export async function assignTask(sql: Sql, id: number, assignee: TaskTaker, by?: string): Promise<TaskChange> {
  const rows = await sql`
    UPDATE tasks SET assignee = ${assignee.email}
    WHERE id = ${id} AND status = 'open'
      AND role = ANY(${takableTaskRoles(assignee.role)}) AND NOT (${assignee.email} = ANY(coalesce(exclude_assignee, '{}'))) AND ${notConcerning(sql, assignee.email, 'tasks.reference')}
      AND ${by ? notConcerning(sql, by, 'tasks.reference') : sql`true`}
    RETURNING id`;
  return rows.length === 1 ? 'done' : whyNot(sql, id, assignee.email);
}

/**
 * Completes a task: one's own, an unassigned one of one's roles, or any with the right to assign;
 * never one that excludes the person (an objection review by someone who handled the case), as
 * claiming it is refused.
 */
export async function completeTask(sql: Sql, id: number, me: TaskTaker, mayAssign: boolean): Promise<TaskChange> {
  const rows = await sql.begin(async (tx) => {
    const done = await tx<{ reference: string; eventKey: string; kind: TaskKind }[]>`
      UPDATE tasks SET status = 'done', completed_at = now(), completed_by = ${me.email}
      WHERE id = ${id} AND status = 'open' AND NOT (${me.email} = ANY(coalesce(exclude_assignee, '{}')))
        AND ${notConcerning(tx, me.email, 'tasks.reference')} AND (${mayAssign} OR assignee = ${me.email} OR (assignee IS NULL AND role = ANY(${takableTaskRoles(me.role)})))
      RETURNING reference, event_key AS "eventKey", kind`;
    // The task of an improvement action is the action itself: done together.
    for (const t of done.filter((d) => d.kind === 'improvement-action')) {
      await tx`UPDATE improvement_actions SET status = 'done', done_at = now(), done_by = ${me.email}
        WHERE reference = ${t.reference} AND event_key = ${t.eventKey} AND status = 'open'`;
    }
    return done;
  });
  return rows.length === 1 ? 'done' : whyNot(sql, id, me.email);
}

/** The task's case (null for a finding of the continuous analysis), or undefined when there is no such task. */
export async function taskReference(sql: Sql, id: number): Promise<string | null | undefined> {
  const [row] = await sql<{ reference: string | null }[]>`SELECT reference FROM tasks WHERE id = ${id}`;
  return row ? row.reference : undefined;
}
