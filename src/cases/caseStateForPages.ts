/**
 * The case as the status page and the admin case page show it: from the read model, so that a
 * page view asks nothing of Temporal and the worker's cache size does not matter to readers.
 * Actions still ask the workflow (caseQueryState), which decides.
 */
import type { Client } from '@temporalio/client';
import { caseInReadModel, type CaseEventRow } from '../db/caseEvents';
import type { CaseRecord } from '../db/cases';
import type { Sql } from '../db/db';
import type { CaseState } from '../domain/lifecycle';
import { logger } from '../logger';
import { caseStateQuery } from '../temporal/caseMessages';
import { projectWholeCase } from './rebuildProjection';

export interface CaseForPage {
  /** Undefined when neither the read model nor the workflow has it (Temporal away); for an anonymised case, always. */
  state?: CaseState;
  /** The timeline as the read model has it: what the page shows. */
  events: CaseEventRow[];
}

/**
 * `closedToo`: also ask the workflow of a closed case that the read model lacks (the admin page,
 * whose staff see its judgement and deadlines). The status page shows a closed case from the
 * read model's columns, as it always did: its workflow may be gone (the history's retention).
 */
export async function caseStateForPage(
  deps: { sql: Sql; client: Client }, record: CaseRecord, o: { closedToo?: boolean } = {},
): Promise<CaseForPage> {
  const read = await caseInReadModel(deps.sql, record.reference);
  // An anonymised case keeps no texts: its workflow, closed, is not asked for them again.
  if (read.state || record.anonymisedAt || (record.status === 'closed' && !o.closedToo)) return read;
  // A case the read model does not have whole (projected before it kept the state): its workflow
  // once, whose answer then completes the read model for the next view.
  const state = await caseQueryState(deps.client, record.reference);
  if (state) {
    projectWholeCase(deps.sql, record.reference, state)
      .catch((err: unknown) => logger.warn({ err, reference: record.reference }, 'read model not completed'));
  }
  return { state, events: read.events };
}

/** The case's current state from its workflow, or undefined when it cannot be had within 5 s. */
export async function caseQueryState(client: Client, reference: string): Promise<CaseState | undefined> {
  return client.connection
    .withDeadline(Date.now() + 5_000, () => client.workflow.getHandle(reference).query(caseStateQuery))
    .catch((err: unknown) => {
      logger.warn({ err, reference }, 'case state unavailable');
      return undefined;
    });
}

/**
 * Waits, briefly, until the read model has the case's entry `seq` (an action's own), so that the
 * page shown after the action shows it. The action holds either way: this only waits for its echo.
 */
export async function untilProjected(sql: Sql, reference: string, seq: number, timeoutMs = 3_000): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 50))) {
    const [row] = await sql<{ seq: number }[]>`SELECT projected_seq AS seq FROM cases WHERE reference = ${reference}`;
    if ((row?.seq ?? 0) >= seq) return true;
    if (Date.now() >= end) {
      logger.info({ reference, seq }, 'the read model did not show the action in time; the page shows it later');
      return false;
    }
  }
}
