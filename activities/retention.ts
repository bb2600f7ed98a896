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
    async applyRetention(req: { asOf: string }): Promise<RetentionResult & { workflowHistoryDays?: number }> {
      const { retention } = await loadSettings(deps.sql);
      const result = await applyRetention(deps.sql, retention, new Date(req.asOf));
      const { client, info, log } = Context.current();
      try {
        await setNamespaceRetention(client, info.namespace, retention.workflowHistoryDays);
      } catch (err) {
        // A namespace the worker may not change (a cluster's or Temporal Cloud's) keeps its own
        // retention; the anonymisation above is done and must not be retried for this.
        log.warn('namespace retention not set', { error: err instanceof Error ? err.message : String(err) });
        return result;
      }
      return { ...result, workflowHistoryDays: retention.workflowHistoryDays };
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
