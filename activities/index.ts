/**
 * The side effects of a case: email, staff tasks, deadlines and the read model. Each is
 * idempotent per case and event key, so Temporal's retries never send twice or create a second task.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { endOfAmsterdamDay, type WorkingDayCalendar } from '../src/calendar/workingDays';
import type { StatusLinks } from '../src/cases/statusLinks';
import { projectCase } from '../src/db/caseEvents';
import type { Sql } from '../src/db/db';
import { insertImprovementAction, taskRoleOf } from '../src/db/improvementActions';
import { staffAddresses } from '../src/db/staff';
import { completeTasks, createTask, retimeTasks } from '../src/db/tasks';
import type { CaseDeadlines, CaseType } from '../src/domain/case';
import { caseDeadlines, plannedDeadline, shiftDeadlines } from '../src/domain/deadlines';
import type { CaseSnapshot, ImprovementAction, TimelineEntry } from '../src/domain/lifecycle';
import type { CasePolicy } from '../src/domain/policy';
import { taskTitle, type TaskDeadline, type TaskKind, type TaskRole } from '../src/tasks/templates';
import { createEmailActivities, sendCaseEmailIn, type EmailOutcome, type Mailer, type SendCaseEmail } from './email';
import { classify } from './faults';
import { createAnalysisActivities } from './analysis';
import { createReportActivities } from './reports';
import { createRetentionActivities } from './retention';

export interface ActivityDeps {
  sql: Sql;
  /** The calendar in force (administrators may add closure days). */
  calendar: () => Promise<WorkingDayCalendar>;
  mailer?: Mailer;
  mailFrom: string;
  /** For the personal status link in every email. */
  statusLinks: StatusLinks;
}

export interface CreateStaffTask {
  reference: string;
  eventKey: string;
  kind: TaskKind;
  caseType: CaseType;
  role: TaskRole;
  assignee: string | null;
  /** Who must not take it (an objection's handlers); a single name from older workflow versions. */
  excludeAssignee: string[] | string | null;
  dueAt: string | null;
  /** Values for the task's wording (src/tasks/templates.ts). */
  data: Record<string, string>;
  /** Workflow time of the step, given by a local activity (whose own schedule time is the worker's clock). */
  createdAt?: string;
}

/** A step's failure for good, as a local activity reports it to the workflow: type and message only. */
export interface StepFailure {
  type: string;
  message: string;
}

/**
 * A new case's first steps (workflow version 3): the receipt (the read model's first entry with
 * the triage task) and, when the customer gave an address, the confirmation's first try and the
 * entry that says it was sent, with the case's state after it.
 */
export interface CaseReceipt {
  reference: string;
  receipt: { entry: TimelineEntry; snapshot: CaseSnapshot; triage: CreateStaffTask };
  confirmation?: { email: SendCaseEmail; entry: TimelineEntry; snapshot: CaseSnapshot };
}

/** What became of each part: a failure for good to record, or a confirmation not sent yet. */
export interface ReceiptOutcome {
  receiptFailed?: StepFailure;
  confirmation?: EmailOutcome | { failed: StepFailure; retryable: boolean };
  confirmationEntryFailed?: StepFailure;
}

/** The step's failure for good (an error that repeats on every try); anything else is thrown again. */
async function failedForGood(step: () => Promise<unknown>): Promise<StepFailure | undefined> {
  try {
    await step();
    return undefined;
  } catch (err) {
    const failure = classify(err);
    if (!(failure instanceof ApplicationFailure && failure.nonRetryable)) throw failure;
    return { type: failure.type ?? 'Error', message: failure.message };
  }
}

export function createActivities(deps: ActivityDeps) {
  async function createStaffTask(t: CreateStaffTask): Promise<void> {
    const data = { ...t.data, reference: t.reference, caseType: t.caseType };
    const excluded = typeof t.excludeAssignee === 'string' ? [t.excludeAssignee] : t.excludeAssignee;
    const address = await staffAddresses(deps.sql, [t.assignee, ...(excluded ?? [])]);
    await createTask(deps.sql, {
      reference: t.reference,
      eventKey: t.eventKey,
      kind: t.kind,
      title: taskTitle(t.kind, 'nl', data),
      titleEn: taskTitle(t.kind, 'en', data),
      role: t.role,
      assignee: t.assignee && address(t.assignee),
      excludeAssignee: excluded && excluded.map(address),
      dueAt: t.dueAt,
      follows: deadlineFollowed(t),
      createdAt: t.createdAt ?? new Date(Context.current().info.scheduledTimestampMs).toISOString(),
    });
  }

  async function projectCaseActivity(req: { reference: string; entry: TimelineEntry; snapshot: CaseSnapshot }): Promise<void> {
    // The calendar counts working days to the response and outcome; not needed before either.
    const counts = req.snapshot.respondedAt || req.snapshot.resolvedAt;
    await projectCase(deps.sql, req.reference, req.entry, req.snapshot, counts ? await deps.calendar() : undefined);
  }

  /**
   * A new case's first entry in the read model and its triage task. The task is made even when the
   * entry fails (whose error then reaches the workflow): someone must pick the case up. Both
   * writes are idempotent, so a retry repeats them safely.
   */
  async function recordReceipt(req: { reference: string; entry: TimelineEntry; snapshot: CaseSnapshot; triage: CreateStaffTask }): Promise<void> {
    try {
      await projectCaseActivity(req);
    } finally {
      await createStaffTask(req.triage);
    }
  }

  return {
    ...createEmailActivities(deps),
    ...createReportActivities(deps),
    ...createAnalysisActivities(deps),
    ...createRetentionActivities(deps),
    createStaffTask,
    projectCase: projectCaseActivity,

    /** The receipt as a local activity of its own (workflow version 2). */
    recordReceipt,

    /**
     * A new case's first steps in one local activity (workflow version 3): one marker in the
     * case's history and one wake-up of its workflow instead of three. The receipt, then the
     * confirmation's first try and, once that is sent, its entry. A temporary failure of the
     * receipt or of the entry fails the attempt, and the whole is tried again: every part is
     * idempotent (a sent email is not sent again). A temporary failure of the confirmation is
     * returned instead: the confirmation goes on as an activity of its own, as every email does.
     * Failures for good are returned for the workflow to record.
     */
    async receiveCase(req: CaseReceipt): Promise<ReceiptOutcome> {
      const started = Date.now();
      const receiptFailed = await failedForGood(() => recordReceipt({ reference: req.reference, ...req.receipt }));
      if (!req.confirmation) return { receiptFailed };
      let confirmation: ReceiptOutcome['confirmation'];
      try {
        confirmation = await sendCaseEmailIn(deps, started, req.confirmation.email);
      } catch (err) {
        const failure = classify(err);
        const permanent = failure instanceof ApplicationFailure && failure.nonRetryable;
        const { type, message } = failure instanceof ApplicationFailure ? failure : { type: undefined, message: String(failure) };
        return { receiptFailed, confirmation: { failed: { type: type ?? 'Error', message }, retryable: !permanent } };
      }
      const { entry, snapshot } = req.confirmation;
      const confirmationEntryFailed = await failedForGood(() => projectCaseActivity({ reference: req.reference, entry, snapshot }));
      return { receiptFailed, confirmation, confirmationEntryFailed };
    },

    /** An improvement action from a complaint's outcome, with a task to its owner due on its date. */
    async recordImprovementAction(named: ImprovementAction & { reference: string; eventKey: string }): Promise<void> {
      const req = { ...named, owner: (await staffAddresses(deps.sql, [named.owner]))(named.owner) };
      const createdAt = new Date(Context.current().info.scheduledTimestampMs).toISOString();
      await insertImprovementAction(deps.sql, { ...req, createdAt });
      const data = { reference: req.reference, caseType: 'complaint' as const, dueDate: req.dueDate };
      await createTask(deps.sql, {
        reference: req.reference,
        eventKey: req.eventKey,
        kind: 'improvement-action',
        title: taskTitle('improvement-action', 'nl', data),
        titleEn: taskTitle('improvement-action', 'en', data),
        role: await taskRoleOf(deps.sql, req.owner),
        assignee: req.owner,
        excludeAssignee: null,
        dueAt: endOfAmsterdamDay(req.dueDate).toISOString(),
        createdAt,
      });
    },

    async completeTasks(req: { reference: string; kinds: TaskKind[] | 'all' }): Promise<void> {
      await completeTasks(deps.sql, req.reference, req.kinds);
    },

    /** Open tasks follow the case's deadlines when those move. */
    async retimeTasks(req: { reference: string; deadlines: CaseDeadlines; objectionReviewDue?: string }): Promise<number> {
      return retimeTasks(deps.sql, req.reference, req.deadlines, req.objectionReviewDue);
    },

    // Deadlines come from the calendar, outside workflow code: a changed calendar never changes a replay.

    async computeCaseDeadlines(req: {
      caseType: CaseType; receivedAt: string; policy: CasePolicy; pausedWorkingDays?: number;
    }): Promise<CaseDeadlines> {
      return caseDeadlines(await deps.calendar(), req.caseType, new Date(req.receivedAt), req.policy, req.pausedWorkingDays);
    },

    async planDeadline(req: { from: string } & ({ workingDays: number } | { calendarDays: number })) {
      const { from, ...span } = req;
      return plannedDeadline(await deps.calendar(), new Date(from), span);
    },

    async shiftDeadlines(req: { deadlines: CaseDeadlines; from: string; to: string }): Promise<CaseDeadlines> {
      return shiftDeadlines(await deps.calendar(), req.deadlines, new Date(req.from), new Date(req.to));
    },
  };
}

/** The case deadline a task's due date follows, so that it moves when the deadlines move. */
function deadlineFollowed(t: CreateStaffTask): TaskDeadline | null {
  if (t.kind === 'triage') return 'substantive-response';
  if (t.kind === 'objection-review') return 'objection-review';
  if (t.kind === 'reminder') return t.data.milestone === 'resolution-warning' ? 'resolution' : 'substantive-response';
  return null;
}

export type CaseActivities = ReturnType<typeof createActivities>;
