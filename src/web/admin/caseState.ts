import type { Client } from '@temporalio/client';
import type { CaseState } from '../../domain/lifecycle';
import { logger } from '../../logger';
import { caseStateQuery } from '../../temporal/caseMessages';

/** The case's current state from its workflow, or undefined when it cannot be had within 5 s. */
export async function caseQueryState(client: Client, reference: string): Promise<CaseState | undefined> {
  return client.connection
    .withDeadline(Date.now() + 5_000, () => client.workflow.getHandle(reference).query(caseStateQuery))
    .catch((err: unknown) => {
      logger.warn({ err, reference }, 'case state unavailable');
      return undefined;
    });
}
