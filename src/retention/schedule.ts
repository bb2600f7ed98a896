/**
 * Retention in Temporal: the daily Schedule that runs `retentionWorkflow`, and the namespace's own
 * retention of closed workflows (how long Temporal keeps a closed case's history).
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type Connection, type ScheduleOptions } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { TIME_ZONE } from '../calendar/workingDays';

export const RETENTION_SCHEDULE_ID = 'retention';

/** Every night at 03:00 (Amsterdam); a run missed while the system was down follows within a day. */
export async function ensureRetentionSchedule(client: Client, taskQueue: string): Promise<'created' | 'updated'> {
  const options: ScheduleOptions = {
    scheduleId: RETENTION_SCHEDULE_ID,
    spec: { calendars: [{ hour: 3, minute: 0, comment: 'daily retention (AVG)' }], timezone: TIME_ZONE },
    action: { type: 'startWorkflow', workflowType: 'retentionWorkflow', args: [], workflowId: `${RETENTION_SCHEDULE_ID}-run`, taskQueue },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(RETENTION_SCHEDULE_ID).update((previous) => ({ ...previous, spec: options.spec, action: options.action }));
    return 'updated';
  }
}

/**
 * Sets how long Temporal keeps the history of a closed workflow in the namespace (the dev server
 * and a cluster alike; docker-compose.yml sets the same for a namespace it creates). Returns the
 * days it was before.
 */
export async function setNamespaceRetention(connection: Connection, namespace: string, days: number): Promise<number | undefined> {
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
