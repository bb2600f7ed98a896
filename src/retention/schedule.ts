/**
 * Retention in Temporal: the daily Schedule that runs `retentionWorkflow`, and the namespace's own
 * retention of closed workflows (how long Temporal keeps a closed case's history).
 */
import type { Client } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { ensureDailySchedule } from '../reports/schedules';

export const RETENTION_SCHEDULE_ID = 'retention';

/** Every night at 03:00 (Amsterdam); a run missed while the system was down follows within a day. */
export function ensureRetentionSchedule(client: Client, taskQueue: string): Promise<'created' | 'updated'> {
  return ensureDailySchedule(client, {
    scheduleId: RETENTION_SCHEDULE_ID, hour: 3, comment: 'daily retention (AVG)', workflowType: 'retentionWorkflow', taskQueue,
  });
}

/**
 * Sets how long Temporal keeps the history of a closed workflow in the namespace (the dev server
 * and a cluster alike; docker-compose.yml sets the same for a namespace it creates). Returns the
 * days it was before. The worker calls it at start, and the nightly retention run with the setting
 * in force, so a changed setting applies within a day without a restart.
 */
export async function setNamespaceRetention(
  connection: Pick<Client, 'workflowService'>, namespace: string, days: number,
): Promise<number | undefined> {
  const described = await connection.workflowService.describeNamespace({ namespace });
  const ttl = described.config?.workflowExecutionRetentionTtl;
  const before = ttl ? tsToMs(ttl) / 86_400_000 : undefined;
  if (before === days) return before;
  await connection.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msToTs(`${days} days`) },
  });
  return before;
}
