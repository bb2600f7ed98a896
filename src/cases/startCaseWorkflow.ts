import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { caseWorkflow } from '../../workflows';
import { casesAwaitingWorkflow, markWorkflowStarted, type CaseRecord } from '../db/cases';
import type { Sql } from '../db/db';
import { staffRefOf } from '../db/staff';
import { CASE_WORKFLOW_VERSION, type CaseWorkflowInput } from '../domain/case';
import { initialCaseState, nextDeadline } from '../domain/lifecycle';
import { Breached, CaseChannel, CaseReference, CaseStatus, CaseType, NextDeadline } from '../temporal/searchAttributes';

type StartDeps = { sql: Sql; client: Client; taskQueue: string };

/**
 * Starts the workflow of a stored case and marks the case as started, so that the start sweep
 * leaves it alone; true when this call started it (not when it was running already).
 */
export async function startCaseWorkflow(deps: StartDeps, record: CaseRecord): Promise<boolean> {
  const started = await startWorkflowOf(deps, record);
  await markWorkflowStarted(deps.sql, record.reference);
  return started;
}

/**
 * Starts the workflow of a stored case, without marking it; true when this call started it. The
 * workflow id is the case reference, and a second start for the same reference (a double submit,
 * a retry, the sweep) is refused by Temporal and treated as done.
 */
export async function startWorkflowOf(deps: StartDeps, record: CaseRecord): Promise<boolean> {
  // Who took the call goes to Temporal as their staff id; a name given through the intake API
  // (not an account) stays in the case record only.
  const registeredBy = record.registeredBy ? await staffRefOf(deps.sql, record.registeredBy) : undefined;
  const input: CaseWorkflowInput = {
    reference: record.reference,
    caseType: record.caseType,
    channel: record.channel,
    receivedAt: record.receivedAt.toISOString(),
    hasEmail: record.email !== null,
    ...(registeredBy ? { registeredBy } : {}),
    deadlines: record.deadlines,
    policy: record.policy,
    workflowVersion: CASE_WORKFLOW_VERSION,
  };
  // The workflow (from version 2) counts on these values being set: it upserts only what changes. This
  // is the only place that starts case workflows; another would have to set them too.
  const firstDeadline = nextDeadline(initialCaseState(input), { pauseAware: true });
  const noun = record.caseType === 'complaint' ? 'Klacht' : 'Feedback';
  try {
    await deps.client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
      workflowId: record.reference,
      taskQueue: deps.taskQueue,
      args: [input],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      // Shown in Temporal Web: reference and channel only, never personal data.
      staticSummary: `${noun} ${record.reference} via ${record.channel === 'web' ? 'webformulier' : 'telefoon'}`,
      typedSearchAttributes: [
        { key: CaseReference, value: record.reference },
        { key: CaseType, value: record.caseType },
        { key: CaseChannel, value: record.channel },
        { key: CaseStatus, value: 'received' },
        ...(firstDeadline ? [{ key: NextDeadline, value: new Date(firstDeadline) }] : []),
        { key: Breached, value: false },
      ],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return false;
  }
  return true;
}

/**
 * Starts the workflows of cases stored but not marked as started: stored while Temporal was
 * unreachable, or started by a request whose mark did not land. Returns the ones it started.
 */
export async function startPendingWorkflows(deps: StartDeps): Promise<string[]> {
  const started: string[] = [];
  for (const record of await casesAwaitingWorkflow(deps.sql)) {
    if (await startCaseWorkflow(deps, record)) started.push(record.reference);
  }
  return started;
}
