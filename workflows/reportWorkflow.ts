/**
 * One governance report (procedure promise 5), started by a body's Temporal Schedule for the
 * period that has just ended, or by an administrator to send a stored report again. Orchestration
 * only: the figures, the PDF and the emails are activities, each idempotent, so that a retried or
 * re-triggered run makes the report once and mails each recipient once.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ReportActivities } from '../activities/reports';
import type { ReportWorkflowInput } from '../src/reports/governance';
import { scheduledAt } from './scheduledAt';

const { prepareGovernanceReport, renderGovernanceReport, sendGovernanceReport } = proxyActivities<ReportActivities>({
  startToCloseTimeout: '2 minutes',
  // Hours of retries for an outage; bad data (an unknown body, a refused address) fails at once.
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 20 },
});


export interface ReportWorkflowResult {
  reportId?: number;
  /** Deliveries that went out in this run (0 when they had gone out before). */
  sent: number;
  skipped?: 'inactive-body';
}

export async function reportWorkflow(input: ReportWorkflowInput): Promise<ReportWorkflowResult> {
  const prepared = 'resend' in input
    ? await prepareGovernanceReport({ resend: input.resend })
    : await prepareGovernanceReport({ bodyId: input.bodyId, scheduledAt: scheduledAt() });
  if (!prepared) return { sent: 0, skipped: 'inactive-body' };
  await renderGovernanceReport({ reportId: prepared.reportId });
  // The recipients stay in Postgres (Temporal Web shows activity inputs and results): the
  // activity sends to each one its delivery row for this round has not marked sent.
  const { sent } = await sendGovernanceReport({ reportId: prepared.reportId, round: prepared.round });
  return { reportId: prepared.reportId, sent };
}
