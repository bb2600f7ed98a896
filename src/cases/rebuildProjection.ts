import type { Client } from '@temporalio/client';
import { caseStateQuery } from '../temporal/caseMessages';
import { projectCase } from '../db/caseEvents';
import { currentRules } from '../db/settings';
import type { Sql } from '../db/db';
import { snapshotOf } from '../domain/lifecycle';

/**
 * Rewrites the read model of one case from its workflow, the source of truth: every timeline
 * entry (missing ones are added, existing ones kept) and the case's current columns.
 */
export async function rebuildProjection(deps: { sql: Sql; client: Client }, reference: string): Promise<number> {
  const state = await deps.client.workflow.getHandle(reference).query(caseStateQuery);
  const last = state.timeline.at(-1);
  const { calendar } = await currentRules(deps.sql);
  for (const entry of state.timeline) {
    await projectCase(deps.sql, reference, entry, entry === last ? snapshotOf(state) : undefined, calendar);
  }
  return state.timeline.length;
}
