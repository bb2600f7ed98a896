/**
 * One complaint or feedback case, from receipt to closure (orchestration only: every side effect
 * is an activity, every rule is in src/domain/lifecycle.ts). The deadlines arrive in the start
 * input or from activities, computed with the working-day calendar outside the workflow, so a
 * changed calendar never changes the replay of a running case.
 *
 * Staff act through Updates (validated: a refused action changes nothing and the caller gets the
 * reason); the customer acts through signals (objection, replies, withdrawal), as the design card
 * has it. Side effects of an accepted action run in the background, so that an email provider
 * that is down never blocks staff; the workflow ends only when they are all done.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  allHandlersFinished,
  condition,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { RetryPolicy, SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
import type { CaseActivities, StepFailure } from '../activities';
import type { EmailTemplate } from '../src/email/templates';
import type { CaseDeadlines, CaseWorkflowInput } from '../src/domain/case';
import {
  BREACHES,
  CUSTOMER,
  SYSTEM,
  initialCaseState,
  nextDeadline,
  nextStatus,
  pendingMilestones,
  refusal,
  reviewExclusions,
  snapshotOf,
  type Action,
  type CaseSnapshot,
  type CaseState,
  type CustomerAction,
  type Milestone,
  type StaffAction,
  type TimelineEntry,
  type TimelineEvent,
} from '../src/domain/lifecycle';
import type { TaskKind, TaskRole } from '../src/tasks/templates';
import {
  acceptOutcomeSignal,
  addNoteUpdate,
  addProposalUpdate,
  assignHandlerUpdate,
  caseStateQuery,
  convertToComplaintUpdate,
  customerRepliedSignal,
  markComplexUpdate,
  objectionDecidedUpdate,
  objectionSignal,
  recomputeDeadlinesUpdate,
  requestInformationUpdate,
  resolveUpdate,
  substantiveResponseSentUpdate,
  withdrawSignal,
  type CaseUpdateResult,
  type Staff,
} from '../src/temporal/caseMessages';
import { Breached, CaseHandler, CaseStatus, CaseType, NextDeadline } from '../src/temporal/searchAttributes';

// An email provider or database that is down for hours is retried for as long as it takes;
// the milestones escalate to a person meanwhile.
const retry: RetryPolicy = { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' };
/** Email and staff tasks: activities of their own, visible as such in Temporal Web. */
const { sendCaseEmail, createStaffTask, recordImprovementAction } = proxyActivities<CaseActivities>({ startToCloseTimeout: '1 minute', retry });
/**
 * Quick database writes and calendar arithmetic run as local activities: one marker event each
 * instead of three events and a workflow task, which keeps a case's history short.
 */
const local = proxyLocalActivities<CaseActivities>({ startToCloseTimeout: '30 seconds', retry });
/**
 * The confirmation's first try, in the case's first workflow task: one attempt, which may take as
 * long as the activity's (the send is cut off before its end, its delivery recorded until then).
 * When it fails for a reason that may pass, the confirmation goes on as an activity, retried in
 * the background as every email is.
 */
const firstConfirmation = proxyLocalActivities<CaseActivities>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 1 } });
/**
 * Workflow version 3: a new case's first steps as one local activity, with the time the
 * confirmation's first try may take. A temporary fault of the receipt tries the whole again.
 */
const firstSteps = proxyLocalActivities<CaseActivities>({ startToCloseTimeout: '1 minute', retry });
const activities = {
  sendCaseEmail,
  createStaffTask,
  recordImprovementAction,
  projectCase: local.projectCase,
  recordReceipt: local.recordReceipt,
  sendFirstConfirmation: firstConfirmation.sendCaseEmail,
  receiveCase: firstSteps.receiveCase,
  completeTasks: local.completeTasks,
  planDeadline: local.planDeadline,
  computeCaseDeadlines: local.computeCaseDeadlines,
  shiftDeadlines: local.shiftDeadlines,
  retimeTasks: local.retimeTasks,
};

// The case's query, Updates and signals are defined where the web app imports them too.
export * from '../src/temporal/caseMessages';

/**
 * Version markers for changes to running workflows (`patched`): cases that started before a
 * change replay as they ran; the replay test keeps their histories green.
 */
const CLOSING_EMAIL = 'closing-email-with-satisfaction-question';
const RECHECK_MILESTONE = 'recheck-milestone-after-timer';
const FAILED_CONFIRMATION_IS_BREACH = 'failed-confirmation-is-breach';
const PROJECT_STATUS_WITHOUT_CONFIRMATION = 'project-status-without-confirmation';
const PAUSE_STOPS_CLOCKS = 'pause-stops-clocks';
/**
 * The deadlines in force, in every corner: no milestone fires on a deadline that an accepted
 * action is about to move; a second question keeps the pause that the first one started; open
 * tasks follow moved deadlines; NextDeadline and the read model leave out paused clocks; feedback
 * ends with its substantive response.
 */
const DEADLINES_IN_FORCE = 'deadlines-in-force';
/**
 * No text that Postgres cannot store reaches a case (the customer's signals are checked like the
 * staff's Updates), and a step that fails for good is recorded on the case with a task for a
 * person instead of being retried without end.
 */
const VISIBLE_FAILURES = 'visible-failures';
/**
 * Less in Temporal's history: a staff Update returns only the new status (not the whole state
 * with every text), and CaseHandler shows the handler's staff id (`staff-<id>`), never an email.
 */
const LESS_PERSONAL_DATA = 'small-update-results';
/**
 * Fewer round trips at receipt: the receipt (the read model's first entry with the triage task)
 * and then the confirmation email run as local activities, one after the other, in the case's
 * first workflow task, before the main loop plans its first timer. Before, they took three
 * workflow tasks and two activity tasks.
 */
const LEAN_FIRST_STEPS = 'lean-first-steps';

/**
 * A case started with `workflowVersion` 2 (src/cases/startCaseWorkflow.ts) has these changes in
 * force without a marker each: every change costs a new case a marker and an upsert of
 * TemporalChangeVersion (a visibility write on the server) in its first workflow task. One marker
 * remains, VERSION_2: a case that an older worker ran first has the changes' own markers instead,
 * and replays by them. The list is closed: a change added to it would be in force on replay for
 * version-2 cases that ran without it. Later changes come with version 3.
 */
const FOLDED_INTO_VERSION_2: readonly string[] = [
  CLOSING_EMAIL, RECHECK_MILESTONE, FAILED_CONFIRMATION_IS_BREACH, PROJECT_STATUS_WITHOUT_CONFIRMATION, PAUSE_STOPS_CLOCKS,
  DEADLINES_IN_FORCE, VISIBLE_FAILURES, LESS_PERSONAL_DATA, LEAN_FIRST_STEPS,
];
const VERSION_2 = 'case-workflow-version-2';
/**
 * A case started with `workflowVersion` 3 has version 2's changes in force, and its first steps
 * are one local activity (`receive`): the receipt, the confirmation's first try and its entry. Its
 * one marker is VERSION_3, asked first: a new case does not also get VERSION_2's.
 */
const VERSION_3 = 'case-workflow-version-3';

const MILESTONE_SUMMARY: Record<Milestone['kind'], string> = {
  'acknowledgement-overdue': 'Ontvangstbevestiging binnen 24 uur',
  'substantive-response-reminder': 'Herinnering: inhoudelijke reactie uiterlijk werkdag 5',
  'substantive-response-overdue': 'Inhoudelijke reactie binnen 5 werkdagen',
  'resolution-warning': 'Waarschuwing: klacht nog open',
  'resolution-overdue': 'Klacht afgehandeld binnen 34 werkdagen',
  'objection-window-closed': 'Bezwaartermijn',
  'objection-review-overdue': 'Beslissing op bezwaar',
};

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseState> {
  const { reference } = input;
  const version3 = (input.workflowVersion ?? 1) >= 3 && patched(VERSION_3);
  const version2 = version3 || ((input.workflowVersion ?? 1) >= 2 && patched(VERSION_2));
  /** Whether a change made to running cases is in force for this one. */
  const inForce = (change: string) => (version2 && FOLDED_INTO_VERSION_2.includes(change)) || patched(change);
  const state: CaseState = initialCaseState(input);
  /** Set by every accepted action: the main loop re-plans its next timer. */
  let changed = false;
  /** Deadline moves under way (through an activity): the main loop holds its milestones until they land. */
  let moving = 0;
  const effects = new Set<Promise<void>>();
  let snapshots = 0;
  /**
   * Version 3: while a new case's first steps run, staff and customer actions wait for them. Those
   * steps write the confirmation's entry under the next number, computed beforehand.
   */
  let receiving = false;
  // From version 2 the start sets every value of a new case (src/cases/startCaseWorkflow.ts):
  // no upsert, and no visibility write on the server, before the first change.
  let published: Record<string, string | boolean | undefined> = version2 ? searchAttributeValues() : { caseType: input.caseType };

  // ---------------------------------------------------------------------------------------------
  // Helpers: timeline, read model, search attributes, background effects

  function addEntry(event: TimelineEvent, actor: string, visibility: TimelineEntry['visibility'],
    extra: Pick<TimelineEntry, 'text' | 'detail'> = {}, at = now()): TimelineEntry {
    const entry = nextEntry(event, actor, visibility, extra, at);
    state.timeline.push(entry);
    publishSearchAttributes();
    return entry;
  }

  /** The timeline's next entry, not yet on it. */
  function nextEntry(event: TimelineEvent, actor: string, visibility: TimelineEntry['visibility'],
    extra: Pick<TimelineEntry, 'text' | 'detail'> = {}, at = now()): TimelineEntry {
    return { seq: state.timeline.length + 1, at, event, actor, visibility, ...extra };
  }

  /** Writes the entry and the case's current state to Postgres (the read model). */
  function project(entry: TimelineEntry): Promise<void> {
    return visible('projectCase', entry, () => projectOnly(entry));
  }

  function projectOnly(entry: TimelineEntry): Promise<void> {
    return activities.projectCase({ reference, entry, snapshot: snapshot() });
  }

  /**
   * Runs a step of the case; when it fails for good (a non-retryable error: data the database
   * refuses, say) the failure is recorded on the timeline with a task for the coordinator, and the
   * case goes on. A retryable fault is retried, and the worker reports long retries (activities/faults.ts).
   */
  async function visible(step: string, about: TimelineEntry, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      const cause = permanentFailure(err);
      if (!cause || !inForce(VISIBLE_FAILURES)) throw err;
      await stepFailed(step, about, cause);
    }
  }

  /** Records a step that failed for good on the timeline, with a task for the coordinator. */
  async function stepFailed(step: string, about: TimelineEntry, cause: { type?: string | null; message: string }): Promise<void> {
    log.error('case step failed for good', { reference, step, event: about.event, type: cause.type, message: cause.message });
    const failed = addEntry('step-failed', SYSTEM, 'internal', { detail: { step, event: about.event, seq: about.seq, error: cause.type ?? 'Error' } });
    try {
      await projectOnly(failed);
      await activities.createStaffTask({
        reference, eventKey: `step-failed-${failed.seq}`, kind: 'step-failed', caseType: state.caseType,
        role: 'coordinator', assignee: null, excludeAssignee: null, dueAt: null, data: { step, event: about.event },
      });
    } catch (again) {
      // Even the failure cannot be recorded: the worker's log is the last place a person sees it.
      if (!permanentFailure(again)) throw again;
      log.error('case step failure not recorded', { reference, step, seq: failed.seq });
    }
  }

  /**
   * What the read model keeps of the case now, numbered: a snapshot written by a step that waited
   * on another (the objection window, moved deadlines) can land after a newer one, which then stays.
   * The number creates no command, so replay counts the same.
   */
  function snapshot(of: CaseState = state): CaseSnapshot {
    snapshots += 1;
    return { ...snapshotOf(of, { pauseAware: pausedClocksHidden() }), version: snapshots };
  }

  /** Whether NextDeadline and the read model leave out the clocks that stand still during a pause. */
  function pausedClocksHidden(): boolean {
    return inForce(DEADLINES_IN_FORCE) && inForce(PAUSE_STOPS_CLOCKS);
  }

  function searchAttributeValues() {
    return {
      caseType: state.caseType,
      status: state.status,
      handler: inForce(LESS_PERSONAL_DATA) ? state.handlerRef : state.handler,
      nextDeadline: nextDeadline(state, { pauseAware: pausedClocksHidden() }),
      breached: state.breaches.length > 0,
    };
  }

  function publishSearchAttributes(): void {
    const next = searchAttributeValues();
    const updates: SearchAttributeUpdatePair[] = [];
    // CaseType was set at start; it changes only when staff turn feedback into a complaint.
    if (next.caseType !== published.caseType) updates.push({ key: CaseType, value: next.caseType });
    if (next.status !== published.status) updates.push({ key: CaseStatus, value: next.status });
    if (next.handler !== published.handler) updates.push({ key: CaseHandler, value: next.handler ?? null });
    if (next.nextDeadline !== published.nextDeadline) {
      updates.push({ key: NextDeadline, value: next.nextDeadline ? new Date(next.nextDeadline) : null });
    }
    if (next.breached !== published.breached) updates.push({ key: Breached, value: next.breached });
    if (updates.length > 0) upsertSearchAttributes(updates);
    published = next;
  }

  /** Runs side effects in the background, in order per action; the workflow ends after all of them. */
  function inBackground(work: () => Promise<void>): void {
    const promise = work().finally(() => effects.delete(promise));
    effects.add(promise);
  }

  async function email(template: EmailTemplate, entry: TimelineEntry, data: Record<string, string> = {}): Promise<void> {
    if (!state.hasEmail) return;
    try {
      await activities.sendCaseEmail({ reference, eventKey: `${template}-${entry.seq}`, template, data });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      // The address is refused for good: a person has to reach the customer another way.
      const failed = addEntry('email-failed', SYSTEM, 'internal', { detail: { template } });
      await project(failed);
      await task('email-failed', failed, { role: 'agent', assignee: state.handler, data: { template } });
    }
  }

  type TaskOptions = { role: TaskRole; assignee?: string; excludeAssignee?: string[]; dueAt?: string; data?: Record<string, string> };

  function taskRequest(kind: TaskKind, entry: TimelineEntry, o: TaskOptions) {
    return {
      reference, eventKey: `${kind}-${entry.seq}`, kind, caseType: state.caseType,
      role: o.role, assignee: o.assignee ?? null, excludeAssignee: o.excludeAssignee ?? null,
      dueAt: o.dueAt ?? null, data: o.data ?? {},
    };
  }

  function task(kind: TaskKind, entry: TimelineEntry, o: TaskOptions): Promise<void> {
    return visible('createStaffTask', entry, () => activities.createStaffTask(taskRequest(kind, entry, o)));
  }

  // ---------------------------------------------------------------------------------------------
  // Staff actions (Updates)

  function onStaffAction<T extends StaffAction['type']>(
    update: UpdateDefinition<CaseUpdateResult, [Staff<T>]>,
    type: T,
    apply: (action: Extract<StaffAction, { type: T }>) => void,
  ): void {
    const act = (payload: Staff<T>): CaseUpdateResult => {
      const action = { ...payload, type } as Extract<StaffAction, { type: T }>;
      apply(action);
      changed = true;
      publishSearchAttributes();
      return inForce(LESS_PERSONAL_DATA) ? { status: state.status } : state;
    };
    setHandler(update, (payload) => (receiving ? afterReceipt(() => {
      // Checked again: the first steps may have changed the case since the validator passed it.
      const reason = refusal(state, { ...payload, type } as Action, Date.now());
      if (reason) throw ApplicationFailure.create({ message: reason, type: 'ActionRefused', nonRetryable: true });
      return act(payload);
    }) : act(payload)), {
      validator: (payload) => {
        const reason = refusal(state, { ...payload, type } as Action, Date.now());
        if (reason) throw new Error(reason);
      },
    });
  }

  onStaffAction(assignHandlerUpdate, 'assignHandler', (a) => {
    if (state.handler && state.handler !== a.handler) state.formerHandlers = [...(state.formerHandlers ?? []), state.handler];
    state.handler = a.handler;
    state.handlerRef = a.handlerRef;
    const entry = addEntry('handler-assigned', a.by, 'internal', { detail: { handler: a.handler } });
    inBackground(() => project(entry));
  });

  onStaffAction(requestInformationUpdate, 'requestInformation', (a) => {
    state.status = nextStatus(state, a);
    // A second question while we already wait keeps the pause that the first one started.
    state.waitingOnCustomerSince = inForce(DEADLINES_IN_FORCE) ? state.waitingOnCustomerSince ?? now() : now();
    const entry = addEntry('information-requested', a.by, 'public', { text: a.question });
    inBackground(async () => {
      await project(entry);
      await email('information-request', entry, { question: a.question });
    });
  });

  /**
   * Replaces the deadlines with what an activity computes (a pause that ended, a recomputation).
   * Until the new ones land, the main loop fires no milestone; then the open tasks follow them.
   */
  function moveDeadlines(compute: () => Promise<CaseDeadlines>, landed: () => void = () => undefined): Promise<void> {
    moving += 1;
    return compute().then(async (deadlines) => {
      state.deadlines = deadlines;
      landed();
      changed = true;
      publishSearchAttributes();
      if (inForce(DEADLINES_IN_FORCE)) {
        await activities.retimeTasks({ reference, deadlines, objectionReviewDue: state.objection?.reviewDue });
      }
    }).finally(() => {
      moving -= 1;
    });
  }

  /**
   * The wait on the customer ends at `at`. With the pause policy the deadlines move by the
   * working days waited; the clocks stay paused until the moved deadlines are in.
   */
  function endWaiting(at: string, o: { legacyPatch?: string } = {}): Promise<void> {
    const since = state.waitingOnCustomerSince;
    const pauses = since !== undefined && state.policy.pauseWhileWaitingOnCustomer && (!o.legacyPatch || inForce(o.legacyPatch));
    const keepPausedUntilMoved = pauses && inForce(DEADLINES_IN_FORCE);
    if (!keepPausedUntilMoved) state.waitingOnCustomerSince = undefined;
    if (!pauses) return Promise.resolve();
    return moveDeadlines(() => activities.shiftDeadlines({ deadlines: state.deadlines, from: since, to: at }), () => {
      if (keepPausedUntilMoved && state.waitingOnCustomerSince === since) state.waitingOnCustomerSince = undefined;
    });
  }

  onStaffAction(substantiveResponseSentUpdate, 'substantiveResponseSent', (a) => {
    const deadlinesInForce = inForce(DEADLINES_IN_FORCE);
    // Feedback ends with its response (nextStatus); before that rule it went on like a complaint.
    state.status = deadlinesInForce ? nextStatus(state, a) : 'responded';
    if (state.status === 'closed') state.closure = 'answered';
    const at = now();
    state.substantiveResponseAt = at;
    const waited = endWaiting(at, { legacyPatch: PAUSE_STOPS_CLOCKS });
    const late = () => Date.parse(at) > Date.parse(state.deadlines.substantiveResponseDue);
    // Late or not is judged against the deadline in force, after a pause has moved it.
    const entry = addEntry('substantive-response-sent', a.by, 'public', { text: a.text, ...(deadlinesInForce ? {} : { detail: { late: late() } }) });
    inBackground(async () => {
      await waited;
      if (deadlinesInForce) entry.detail = { late: late() };
      await project(entry);
      await email('substantive-response', entry, { text: a.text });
      await activities.completeTasks({
        reference, kinds: state.status === 'closed' ? 'all' : ['triage', 'information-received', 'reminder'],
      });
    });
  });

  onStaffAction(addProposalUpdate, 'addProposal', (a) => {
    const entry = addEntry('proposal', a.by, 'public', { text: a.text });
    inBackground(async () => {
      await project(entry);
      await email('proposal', entry, { text: a.text });
    });
  });

  onStaffAction(markComplexUpdate, 'markComplex', (a) => {
    state.complex = { reason: a.reason, expectedDate: a.expectedDate };
    const entry = addEntry('marked-complex', a.by, 'public', { text: a.reason, detail: { expectedDate: a.expectedDate } });
    inBackground(async () => {
      await project(entry);
      await email('complex', entry, { reason: a.reason, expectedDate: a.expectedDate });
    });
  });

  onStaffAction(resolveUpdate, 'resolve', (a) => {
    const at = now();
    state.status = nextStatus(state, a);
    state.outcome = { outcome: a.outcome, solution: a.solution, at, by: a.by, justified: a.justified, rootCause: a.rootCause };
    // The written outcome is also the substantive response when none was sent before.
    state.substantiveResponseAt ??= at;
    const waited = endWaiting(at, { legacyPatch: PAUSE_STOPS_CLOCKS });
    const entry = addEntry('resolved', a.by, 'public', { text: a.outcome, detail: { solution: a.solution } });
    inBackground(async () => {
      await waited;
      const window = await activities.planDeadline({ from: at, calendarDays: state.policy.objectionWindowDays });
      state.objectionWindowEnds = window.at;
      changed = true;
      await project(entry);
      await email('outcome', entry, { outcome: a.outcome, solution: a.solution, objectionWindowEnds: window.at });
      await activities.completeTasks({ reference, kinds: ['triage', 'information-received', 'reminder', 'escalation'] });
      if (a.improvement) {
        await activities.recordImprovementAction({ reference, eventKey: `improvement-${entry.seq}`, ...a.improvement });
      }
    });
  });

  // Feedback is often a complaint: it then gets the complaint's deadlines, counted from receipt.
  onStaffAction(convertToComplaintUpdate, 'convertToComplaint', (a) => {
    state.caseType = 'complaint';
    state.convertedAt = now();
    const entry = addEntry('converted-to-complaint', a.by, 'public', { text: a.reason });
    inBackground(async () => {
      await moveDeadlines(() => activities.computeCaseDeadlines({
        caseType: 'complaint', receivedAt: state.receivedAt, policy: state.policy,
        pausedWorkingDays: state.deadlines.pausedWorkingDays,
      }));
      await project(entry);
    });
  });

  onStaffAction(objectionDecidedUpdate, 'objectionDecided', (a) => {
    state.status = nextStatus(state, a);
    state.closure = 'objection-decided';
    state.decision = { decision: a.decision, upheld: a.upheld, at: now(), by: a.by };
    const entry = addEntry('objection-decided', a.by, 'public', { text: a.decision, detail: { upheld: a.upheld } });
    inBackground(async () => {
      await project(entry);
      await email('objection-decision', entry, { decision: a.decision, upheld: a.upheld ? 'yes' : '' });
      await activities.completeTasks({ reference, kinds: ['objection-review', 'escalation'] });
    });
  });

  onStaffAction(addNoteUpdate, 'addNote', (a) => {
    const entry = addEntry('note', a.by, 'internal', { text: a.text });
    inBackground(() => project(entry));
  });

  onStaffAction(recomputeDeadlinesUpdate, 'recomputeDeadlines', (a) => {
    const entry = addEntry('deadlines-recomputed', a.by, 'internal');
    inBackground(async () => {
      const before = state.deadlines.calendarVersion;
      // From receipt with the calendar in force, keeping the working days the clocks were paused.
      await moveDeadlines(() => activities.computeCaseDeadlines({
        caseType: state.caseType, receivedAt: state.receivedAt, policy: state.policy,
        pausedWorkingDays: state.deadlines.pausedWorkingDays,
      }));
      entry.detail = { from: before, to: state.deadlines.calendarVersion };
      await project(entry);
    });
  });

  // ---------------------------------------------------------------------------------------------
  // Customer actions (signals): a signal that does not fit is logged and changes nothing; the
  // status page asks the same rules first and tells the customer why.

  function onCustomerAction<A extends CustomerAction>(action: A, apply: (action: A) => void): void {
    if (receiving) {
      void afterReceipt(() => onCustomerAction(action, apply));
      return;
    }
    const reason = refusal(state, action, Date.now(), 'nl', { customerTextRules: inForce(VISIBLE_FAILURES) });
    if (reason) {
      log.warn('customer action refused', { reference, action: action.type, reason });
      return;
    }
    apply(action);
    changed = true;
    publishSearchAttributes();
  }

  setHandler(customerRepliedSignal, (payload) => onCustomerAction({ ...payload, type: 'customerReplied' }, (a) => {
    state.customerMessages += 1;
    const waitingSince = state.waitingOnCustomerSince;
    const at = now();
    state.status = nextStatus(state, a);
    const detail = waitingSince ? { waitedMinutes: Math.round((Date.parse(at) - Date.parse(waitingSince)) / 60_000) } : undefined;
    const entry = addEntry('customer-replied', CUSTOMER, 'public', { text: a.text, detail }, at);
    const waited = endWaiting(at);
    inBackground(async () => {
      await waited;
      await project(entry);
      await task('information-received', entry, { role: 'agent', assignee: state.handler });
    });
  }));

  setHandler(objectionSignal, (payload) => onCustomerAction({ ...payload, type: 'objection' }, (a) => {
    if (!a.by) state.customerMessages += 1;
    const at = now();
    state.status = nextStatus(state, a);
    const entry = addEntry('objection', a.by ?? CUSTOMER, 'public', { text: a.reason }, at);
    state.objection = { reason: a.reason, at, excluded: reviewExclusions(state) };
    inBackground(async () => {
      const review = await activities.planDeadline({ from: at, workingDays: state.policy.objectionReviewWorkingDays });
      state.objection = { ...state.objection!, reviewDue: review.at };
      changed = true;
      publishSearchAttributes();
      await project(entry);
      await task('objection-review', entry, {
        role: 'coordinator', excludeAssignee: state.objection!.excluded, dueAt: review.at,
      });
      await email('objection-received', entry, { reviewDue: review.at });
    });
  }));

  setHandler(acceptOutcomeSignal, () => onCustomerAction({ type: 'acceptOutcome' }, (a) => {
    state.status = nextStatus(state, a);
    state.closure = 'accepted';
    const entry = addEntry('outcome-accepted', CUSTOMER, 'public');
    inBackground(async () => {
      await project(entry);
      if (inForce(CLOSING_EMAIL)) await email('closing', entry);
      await activities.completeTasks({ reference, kinds: 'all' });
    });
  }));

  setHandler(withdrawSignal, (payload) => onCustomerAction({ ...payload, type: 'withdraw' }, (a) => {
    state.status = nextStatus(state, a);
    state.closure = 'withdrawn';
    const entry = addEntry('withdrawn', a.by ?? CUSTOMER, 'public', a.reason ? { text: a.reason } : {});
    inBackground(async () => {
      await project(entry);
      await activities.completeTasks({ reference, kinds: 'all' });
    });
  }));

  setHandler(caseStateQuery, () => state);

  async function afterReceipt<R>(act: () => R): Promise<R> {
    await condition(() => !receiving);
    return act();
  }

  // ---------------------------------------------------------------------------------------------
  // Milestones: what happens when a deadline of the procedure passes

  function milestones() {
    return pendingMilestones(state, { pauseAware: inForce(PAUSE_STOPS_CLOCKS) });
  }

  async function onMilestone(m: Milestone): Promise<void> {
    state.handledMilestones.push(m.key);
    if (BREACHES.includes(m.kind)) state.breaches.push(m.key);
    if (m.kind === 'objection-window-closed') {
      state.status = 'closed';
      state.closure = 'no-objection';
      const entry = addEntry('objection-window-closed', SYSTEM, 'public');
      await project(entry);
      if (inForce(CLOSING_EMAIL)) await email('closing', entry);
      await activities.completeTasks({ reference, kinds: 'all' });
      return;
    }
    // Every other milestone asks a person to act: a reminder to the handler or an escalation.
    const entry = addEntry(m.kind, SYSTEM, 'internal', m.workingDay ? { detail: { workingDay: m.workingDay } } : {});
    await project(entry);
    const data = { milestone: m.kind, ...(m.workingDay ? { workingDay: String(m.workingDay) } : {}) };
    switch (m.kind) {
      case 'substantive-response-reminder':
        return task('reminder', entry, { role: 'agent', assignee: state.handler, dueAt: state.deadlines.substantiveResponseDue, data });
      case 'resolution-warning':
        return task('reminder', entry, { role: 'agent', assignee: state.handler, dueAt: state.deadlines.resolutionDue, data });
      case 'acknowledgement-overdue':
      case 'substantive-response-overdue':
        return task('escalation', entry, { role: 'team-lead', data });
      case 'resolution-overdue':
      case 'objection-review-overdue':
        return task('escalation', entry, { role: 'coordinator', data });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Receipt and confirmation

  publishSearchAttributes();
  const received = addEntry('received', input.registeredBy ?? SYSTEM, 'public', { detail: { channel: input.channel } }, input.receivedAt);
  const triage = { role: 'agent', dueAt: state.deadlines.substantiveResponseDue } as const;
  if (version3) {
    await receive();
  } else {
    // Asked here only: on replay `patched` does not remember a false answer, so asked again later
    // (in a background step, say) it could turn true and write a marker that the case never had.
    const lean = inForce(LEAN_FIRST_STEPS);
    if (lean) {
      await visible('recordReceipt', received, () => activities.recordReceipt({
        reference, entry: received, snapshot: snapshot(),
        triage: { ...taskRequest('triage', received, triage), createdAt: now() },
      }));
      // Awaited, not beside the main loop: local activities that run alongside other steps may
      // resolve in another order on replay than when they ran, and the commands would differ.
      await acknowledge({ firstTry: true });
    } else {
      await project(received);
      await task('triage', received, triage);
      inBackground(acknowledge);
    }
  }

  /**
   * Version 3: the receipt, the confirmation's first try and, once sent, its entry, as one local
   * activity (activities/index.ts, `receiveCase`). The entry and the state after it are computed
   * beforehand; actions that arrive meanwhile wait (`receiving`), so its number stays free.
   */
  async function receive(): Promise<void> {
    // Without an address there is nothing to wait for: the case is in progress from its receipt.
    if (!state.hasEmail) confirmed(state);
    const receipt = { entry: received, snapshot: snapshot(), triage: { ...taskRequest('triage', received, triage), createdAt: now() } };
    const sentEntry = state.hasEmail ? nextEntry('acknowledgement-sent', SYSTEM, 'public') : undefined;
    const template = confirmationTemplate();
    receiving = true;
    const outcome = await activities.receiveCase({
      reference, receipt,
      ...(sentEntry ? {
        confirmation: {
          email: { reference, eventKey: template, template, data: {}, createdAt: now() },
          entry: sentEntry, snapshot: snapshot(confirmed({ ...state, timeline: [...state.timeline] }, sentEntry)),
        },
      } : {}),
    });
    const sent = outcome.confirmation === 'sent' || outcome.confirmation === 'stored';
    if (sentEntry && sent) confirmed(state, sentEntry);
    changed = true;
    publishSearchAttributes();
    receiving = false;
    if (outcome.receiptFailed) await stepFailed('recordReceipt', received, outcome.receiptFailed);
    if (sentEntry && sent && outcome.confirmationEntryFailed) await stepFailed('projectCase', sentEntry, outcome.confirmationEntryFailed);
    const notSent = typeof outcome.confirmation === 'object' ? outcome.confirmation : undefined;
    if (notSent?.retryable) {
      // Not sent at the first try: the confirmation goes on in the background, and the 24-hour
      // milestone escalates if it is still unsent by then.
      inBackground(acknowledge);
    } else if (notSent) {
      await confirmationRefused(template, notSent.failed);
      await acknowledgementDone();
    }
  }

  /** The case once its confirmation is sent (or not needed), with the confirmation's entry. */
  function confirmed(s: CaseState, entry?: TimelineEntry): CaseState {
    s.acknowledged = true;
    if (s.status === 'received') s.status = 'in-progress';
    if (entry) s.timeline.push(entry);
    return s;
  }

  function confirmationTemplate(): EmailTemplate {
    return input.channel === 'web' ? 'acknowledgement' : 'phone-confirmation';
  }

  // Procedure §2: a form submission is confirmed by email within 24 hours (the milestone
  // escalates if not); a phone call is confirmed by email when the customer gave an address.
  async function acknowledge(o: { firstTry?: boolean } = {}): Promise<void> {
    const template = confirmationTemplate();
    if (!state.hasEmail) {
      state.acknowledged = true;
    } else {
      try {
        const request = { reference, eventKey: template, template, data: {} };
        if (o.firstTry) await activities.sendFirstConfirmation({ ...request, createdAt: now() });
        else await activities.sendCaseEmail(request);
        state.acknowledged = true;
      } catch (err) {
        // Not sent at the first try: the confirmation goes on in the background, and the 24-hour
        // milestone escalates if it is still unsent by then.
        const activityFailed = err instanceof ActivityFailure || err instanceof ApplicationFailure;
        if (o.firstTry && activityFailed && !permanentFailure(err)) {
          inBackground(acknowledge);
          return;
        }
        if (!(err instanceof ActivityFailure || permanentFailure(err))) throw err;
        await confirmationRefused(template);
      }
    }
    await acknowledgementDone();
  }

  /** The confirmation cannot be sent (the address is refused): a person must reach the customer. */
  async function confirmationRefused(template: EmailTemplate, cause?: StepFailure): Promise<void> {
    if (cause) log.error('confirmation refused', { reference, type: cause.type, message: cause.message });
    state.handledMilestones.push('acknowledgement-overdue'); // escalated below instead
    // The 24-hour promise is broken all the same: record it for the reports.
    if (inForce(FAILED_CONFIRMATION_IS_BREACH)) state.breaches.push('acknowledgement-failed');
    const failed = addEntry('acknowledgement-failed', SYSTEM, 'internal');
    await project(failed);
    await task('email-failed', failed, { role: 'team-lead', data: { template } });
  }

  async function acknowledgementDone(): Promise<void> {
    if (state.status === 'received') state.status = 'in-progress';
    const entry = state.acknowledged && state.hasEmail ? addEntry('acknowledgement-sent', SYSTEM, 'public') : undefined;
    changed = true;
    publishSearchAttributes();
    if (entry) await project(entry);
    // Without a confirmation entry the read model still needs the new status.
    else if (inForce(PROJECT_STATUS_WITHOUT_CONFIRMATION)) await project(state.timeline.at(-1)!);
  }

  // ---------------------------------------------------------------------------------------------
  // The main loop: sleep until the next milestone or until an action changes the plan.

  while (state.status !== 'closed') {
    changed = false;
    const next = milestones()[0];
    if (!next) {
      await condition(() => changed);
      continue;
    }
    // A deadline about to move (a pause that ended, a recomputation): wait for the new one.
    if (moving > 0 && inForce(DEADLINES_IN_FORCE)) {
      await condition(() => moving === 0);
      continue;
    }
    const ms = Date.parse(next.at) - Date.now();
    if (ms > 0 && (await condition(() => changed, ms, { summary: MILESTONE_SUMMARY[next.kind] }))) continue;
    if (moving > 0 && inForce(DEADLINES_IN_FORCE)) continue;
    // A signal and the timer can arrive in the same workflow task: act on the milestone only if
    // the state still calls for it (a withdrawal just before the window closed, say).
    if (inForce(RECHECK_MILESTONE) && !milestones().some((m) => m.key === next.key)) continue;
    await onMilestone(next);
  }

  await condition(() => effects.size === 0 && allHandlersFinished());
  return state;
}

/**
 * An activity that failed with a non-retryable error: trying again would fail the same way. A
 * remote activity's failure arrives as an ActivityFailure around it; a local activity's as itself
 * (its timeout or cancellation, though, inside an ActivityFailure).
 */
function permanentFailure(err: unknown): ApplicationFailure | undefined {
  const failure = err instanceof ActivityFailure ? err.cause : err;
  return failure instanceof ApplicationFailure && failure.nonRetryable === true ? failure : undefined;
}

/** Workflow time: inside the sandbox Date is the deterministic clock of the workflow's history. */
function now(): string {
  return new Date().toISOString();
}
