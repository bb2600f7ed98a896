import { workflowInfo } from '@temporalio/workflow';
import { TemporalScheduledStartTime } from '../src/temporal/searchAttributes';

/** The time a Schedule meant this run for (a late, caught-up run still counts from it); else the start. */
export function scheduledAt(): string {
  const info = workflowInfo();
  return (info.typedSearchAttributes.get(TemporalScheduledStartTime) ?? info.startTime).toISOString();
}
