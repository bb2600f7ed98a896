/**
 * The daily continuous analysis (procedure promise 5), started by its Temporal Schedule: one
 * activity looks for what a coordinator must hear about and raises each finding once as a task.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { AnalysisActivities } from '../activities/analysis';
import { scheduledAt } from './scheduledAt';

const { runContinuousAnalysis } = proxyActivities<AnalysisActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '1 minute', backoffCoefficient: 2, maximumInterval: '30 minutes', maximumAttempts: 10 },
});

export async function continuousAnalysisWorkflow(): Promise<{ findings: number; newTasks: number }> {
  return runContinuousAnalysis({ asOf: scheduledAt() });
}
