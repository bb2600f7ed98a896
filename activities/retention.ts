/**
 * The daily retention run (AVG/GDPR): removes what has passed the periods that administrators set
 * (src/db/settings.ts `retention`), as of the moment the Schedule meant the run for.
 */
import type { Sql } from '../src/db/db';
import { applyRetention, type RetentionResult } from '../src/db/retention';
import { loadSettings } from '../src/db/settings';

export function createRetentionActivities(deps: { sql: Sql }) {
  return {
    async applyRetention(req: { asOf: string }): Promise<RetentionResult> {
      const { retention } = await loadSettings(deps.sql);
      return applyRetention(deps.sql, retention, new Date(req.asOf));
    },
  };
}

export type RetentionActivities = ReturnType<typeof createRetentionActivities>;
