/**
 * The daily retention run (AVG/GDPR): removes what has passed the periods that administrators set
 * (src/db/settings.ts `retention`), as of the moment the Schedule meant the run for, and keeps
 * Temporal's own retention of closed workflows at the setting (through the worker's client).
 */
import { Context } from '@temporalio/activity';
import type { Sql } from '../src/db/db';
import { applyRetention, type RetentionResult } from '../src/db/retention';
import { loadSettings } from '../src/db/settings';
import { setNamespaceRetention } from '../src/retention/schedule';

export function createRetentionActivities(deps: { sql: Sql }) {
  return {
    async applyRetention(req: { asOf: string }): Promise<RetentionResult & { workflowHistoryDays: number }> {
      const { retention } = await loadSettings(deps.sql);
      const result = await applyRetention(deps.sql, retention, new Date(req.asOf));
      const { client, info } = Context.current();
      await setNamespaceRetention(client, info.namespace, retention.workflowHistoryDays);
      return { ...result, workflowHistoryDays: retention.workflowHistoryDays };
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
