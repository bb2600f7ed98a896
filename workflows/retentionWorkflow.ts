/**
 * The daily retention run (AVG/GDPR), started by its Temporal Schedule: one activity anonymises
 * the cases, email texts, audit entries and nonces whose period has passed (src/db/retention.ts),
 * and sets Temporal's retention of closed workflows. Its input and result hold counts only.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { RetentionActivities } from '../activities/retention';
import type { RetentionResult } from '../src/db/retention';
import { scheduledAt } from './scheduledAt';

const { applyRetention } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '30 minutes',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 10 },
});

export async function retentionWorkflow(): Promise<RetentionResult & { workflowHistoryDays?: number }> {
  return applyRetention({ asOf: scheduledAt() });
}
