import type { Client } from '@temporalio/client';
import { caseStateQuery } from '../temporal/caseMessages';
import { projectCase } from '../db/caseEvents';
import { currentRules } from '../db/settings';
import type { Sql } from '../db/db';
import { snapshotOf, type CaseState } from '../domain/lifecycle';

/**
 * Rewrites the read model of one case from its workflow, the source of truth: every timeline
 * entry (missing ones are added, existing ones kept) and the case's current columns.
 */
export async function rebuildProjection(deps: { sql: Sql; client: Client }, reference: string): Promise<number> {
  const state = await deps.client.workflow.getHandle(reference).query(caseStateQuery);
  await projectWholeCase(deps.sql, reference, state);
  return state.timeline.length;
}

/** Writes the case's state as its workflow gave it, with every entry of its timeline, to the read model. */
export async function projectWholeCase(sql: Sql, reference: string, state: CaseState): Promise<void> {
  const last = state.timeline.at(-1);
  const { calendar } = await currentRules(sql);
  for (const entry of state.timeline) {
    await projectCase(sql, reference, entry, entry === last ? snapshotOf(state) : undefined, calendar);
  }
}
