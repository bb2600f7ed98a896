/**
 * One complaint or feedback case, from receipt on (orchestration only: every side effect is an
 * activity). The deadlines arrive in the start input, computed outside the workflow with the
 * working-day calendar, so a changed calendar never changes the replay of a running case.
 */
import {
  ActivityFailure,
  condition,
  defineQuery,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities';
import type { CaseStatus, CaseWorkflowInput } from '../src/domain/case';
import { CaseStatus as CaseStatusAttribute } from '../src/temporal/searchAttributes';

const { sendCaseEmail, createStaffTask, recordCaseEvent } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  // An email provider that is down for hours is retried for as long as it takes; the 24-hour
  // guard below escalates to a person meanwhile.
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '15 minutes' },
});

export interface TimelineEntry {
  event: string;
  at: string;
  actor: string;
}

export interface CaseState {
  reference: string;
  status: CaseStatus;
  acknowledged: boolean;
  breaches: string[];
  timeline: TimelineEntry[];
}

export const caseStateQuery = defineQuery<CaseState>('caseState');

const SYSTEM = 'systeem';

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseState> {
  const { reference, deadlines } = input;
  const noun = input.caseType === 'complaint' ? 'klacht' : 'feedback';
  const state: CaseState = { reference, status: 'received', acknowledged: false, breaches: [], timeline: [] };
  setHandler(caseStateQuery, () => state);

  async function record(event: string, status?: CaseStatus, at = now()): Promise<void> {
    state.timeline.push({ event, at, actor: SYSTEM });
    if (status && status !== state.status) {
      state.status = status;
      upsertSearchAttributes([{ key: CaseStatusAttribute, value: status }]);
    }
    await recordCaseEvent({ reference, eventKey: event, event, occurredAt: at, actor: SYSTEM, status });
  }

  async function escalate(event: string, title: string): Promise<void> {
    state.breaches.push(event);
    await createStaffTask({ reference, eventKey: event, kind: 'escalation', title });
    await record(event);
  }

  await record('received', 'received', input.receivedAt);

  // Procedure §2: a confirmation by email within 24 hours of a form submission.
  let acknowledgementFailure: ActivityFailure | undefined;
  const acknowledgement = sendCaseEmail({ reference, eventKey: 'acknowledgement', template: 'acknowledgement' }).then(
    () => { state.acknowledged = true; },
    (err: unknown) => {
      if (!(err instanceof ActivityFailure)) throw err;
      acknowledgementFailure = err;
    },
  );
  const settled = () => state.acknowledged || acknowledgementFailure !== undefined;
  if (!(await condition(settled, msUntil(deadlines.acknowledgementDue)))) {
    await escalate('acknowledgement-overdue', `Ontvangstbevestiging ${reference} is niet binnen 24 uur verstuurd`);
  }
  await acknowledgement;
  if (acknowledgementFailure) {
    await escalate('acknowledgement-failed', `Ontvangstbevestiging ${reference} kon niet worden verstuurd`);
  } else {
    await record('acknowledgement-sent', 'acknowledged');
  }

  // Procedure §3: a substantive response within 5 working days, for complaints and feedback.
  await createStaffTask({
    reference,
    eventKey: 'triage',
    kind: 'triage',
    title: `Beoordeel ${noun} ${reference}`,
    dueAt: deadlines.substantiveResponseDue,
  });
  await sleepUntil(deadlines.substantiveResponseDue);
  await escalate('substantive-response-overdue', `Inhoudelijke reactie op ${noun} ${reference} is te laat`);

  // Procedure §3: every complaint settled within 34 working days.
  if (deadlines.resolutionDue) {
    await sleepUntil(deadlines.resolutionDue);
    await escalate('resolution-overdue', `Klacht ${reference} is niet binnen 34 werkdagen afgehandeld`);
  }
  return state;
}

/** Workflow time: inside the sandbox Date is the deterministic clock of the workflow's history. */
function now(): string {
  return new Date().toISOString();
}

function msUntil(iso: string): number {
  return Math.max(0, Date.parse(iso) - Date.now());
}

async function sleepUntil(iso: string): Promise<void> {
  const ms = msUntil(iso);
  if (ms > 0) await sleep(ms);
}
