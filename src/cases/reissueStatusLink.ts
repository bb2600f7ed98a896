/**
 * Revokes a customer's status link and issues a new one: the case's link version goes up (the old
 * link then finds no case), and a workflow emails the customer the new link. Staff never see it.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Sql } from '../db/db';
import { statusToken, statusTokenHash } from '../domain/statusToken';
import { statusLinkWorkflowId } from './statusLinks';

export async function reissueStatusLink(
  deps: { sql: Sql; client: Client; taskQueue: string; secret: string }, reference: string,
): Promise<number> {
  const version = await deps.sql.begin(async (tx) => {
    const [row] = await tx<{ version: number }[]>`
      UPDATE cases SET status_token_version = status_token_version + 1 WHERE reference = ${reference} AND anonymised_at IS NULL
      RETURNING status_token_version AS version`;
    if (!row) throw new Error(`No case ${reference} to reissue a status link for`);
    await tx`UPDATE cases SET status_token_hash = ${statusTokenHash(statusToken(deps.secret, reference, row.version))}
      WHERE reference = ${reference}`;
    return row.version;
  });
  try {
    await deps.client.workflow.start('statusLinkWorkflow', {
      workflowId: statusLinkWorkflowId(reference, version), taskQueue: deps.taskQueue, args: [{ reference, version }],
    });
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
  return version;
}
