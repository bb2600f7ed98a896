/**
 * One Temporal Schedule per governance body, kept in step with the bodies in Postgres: created
 * or updated (never duplicated) when the worker starts and when an administrator changes a body.
 * Ops see them in Temporal Web under Schedules.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type Client, type ScheduleOptions } from '@temporalio/client';
import type { Sql } from '../db/db';
import { listGovernanceBodies } from '../db/governance';
import { TIME_ZONE } from '../calendar/workingDays';
import { reportCalendar, SCHEDULE_PREFIX, scheduleIdOf, type GovernanceBody } from './governance';

/** A report missed while the system was down still goes out when it is back within this window. */
export const CATCH_UP_WINDOW = '30 days';

export function scheduleOptions(body: GovernanceBody, taskQueue: string): ScheduleOptions {
  return {
    scheduleId: scheduleIdOf(body.id),
    spec: { calendars: [reportCalendar(body.frequency, body.sendHour)], timezone: TIME_ZONE },
    action: {
      type: 'startWorkflow',
      workflowType: 'reportWorkflow',
      // Ids only: Temporal Web shows the arguments.
      args: [{ bodyId: body.id }],
      workflowId: `${scheduleIdOf(body.id)}-run`,
      taskQueue,
    },
    // A run that is still busy is never doubled; the report itself is made once per body and period.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: CATCH_UP_WINDOW },
  };
}

/** The daily continuous analysis: early in the morning, so its findings wait in the coordinator's inbox. */
export const ANALYSIS_SCHEDULE_ID = 'continuous-analysis';

export function ensureAnalysisSchedule(client: Client, taskQueue: string): Promise<'created' | 'updated'> {
  return ensureDailySchedule(client, {
    scheduleId: ANALYSIS_SCHEDULE_ID, hour: 6, comment: 'daily continuous analysis', workflowType: 'continuousAnalysisWorkflow', taskQueue,
  });
}

/**
 * A Schedule that starts `workflowType` every day at `hour`:00 Amsterdam time, never two runs at
 * once, a run missed while the system was down made up within a day. Created, or brought in step.
 */
export async function ensureDailySchedule(client: Client, o: {
  scheduleId: string; hour: number; comment: string; workflowType: string; taskQueue: string;
}): Promise<'created' | 'updated'> {
  const options: ScheduleOptions = {
    scheduleId: o.scheduleId,
    spec: { calendars: [{ hour: o.hour, minute: 0, comment: o.comment }], timezone: TIME_ZONE },
    action: { type: 'startWorkflow', workflowType: o.workflowType, args: [], workflowId: `${o.scheduleId}-run`, taskQueue: o.taskQueue },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
  try {
    await client.schedule.create(options);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    await client.schedule.getHandle(o.scheduleId).update((previous) => ({ ...previous, spec: options.spec, action: options.action }));
    return 'updated';
  }
}

export interface SyncResult { created: string[]; updated: string[]; deleted: string[] }

export async function syncGovernanceSchedules(client: Client, sql: Sql, taskQueue: string): Promise<SyncResult> {
  const result: SyncResult = { created: [], updated: [], deleted: [] };
  const active = await listGovernanceBodies(sql, { activeOnly: true });
  const wanted = new Set(active.map((b) => scheduleIdOf(b.id)));
  for (const body of active) {
    const options = scheduleOptions(body, taskQueue);
    try {
      await client.schedule.create(options);
      result.created.push(options.scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      await client.schedule.getHandle(options.scheduleId).update((previous) => ({
        ...previous, spec: options.spec, action: options.action, policies: { ...previous.policies, ...options.policies },
      }));
      result.updated.push(options.scheduleId);
    }
  }
  // Bodies removed or made inactive: their schedules go.
  for await (const summary of client.schedule.list()) {
    if (!summary.scheduleId.startsWith(SCHEDULE_PREFIX) || wanted.has(summary.scheduleId)) continue;
    try {
      await client.schedule.getHandle(summary.scheduleId).delete();
      result.deleted.push(summary.scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
  }
  return result;
}
