/**
 * Erasure on request (AVG/GDPR art. 17): one case, by an administrator (the admin case page or
 * `npm run erase`). In order:
 *
 * 1. An open case's workflow is closed first, with the withdraw signal (by the administrator): the
 *    workflow then closes the case as any withdrawal does (status closed, tasks done, the read
 *    model written), so the figures never count it as open. Only when it has not completed within
 *    `closeTimeoutMs` (no worker running, say) is it terminated, and the read model closed here.
 *    Terminating first would leave the read model as the case stood, open for ever.
 * 2. The case is anonymised in every table in one transaction (src/db/retention.ts), and the
 *    erasure audited in the same one: who, when, why, never what was erased.
 * 3. Its workflow histories are deleted from Temporal (the case's, and those that sent a new status
 *    link), whatever the namespace retention.
 */
import { status } from '@grpc/grpc-js';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { getCase } from '../db/cases';
import type { Sql } from '../db/db';
import { anonymiseCases, closeErasedCase } from '../db/retention';
import { audit } from '../db/staff';
import { SYSTEM } from '../domain/lifecycle';
import { staffRef } from '../domain/staff';
import type { Language } from '../domain/case';
import { textProblem, textProblemText } from '../domain/text';
import { withdrawSignal } from '../temporal/caseMessages';
import { statusLinkWorkflowId } from '../cases/statusLinks';

export interface EraseRequest {
  reference: string;
  /** Why (the customer's request of ..., a court order): kept in the audit log. */
  reason: string;
  by: { id?: number; email: string };
  ip?: string;
}

export interface EraseResult {
  /** What became of the workflow: closed by the withdrawal, terminated, already closed, or none found. */
  workflow: 'withdrawn' | 'terminated' | 'closed' | 'none';
  /** Workflow histories deleted from Temporal. */
  historiesDeleted: number;
}

export class ErasureRefused extends Error {
  constructor(readonly problem: 'unknown-case' | 'reason' | 'erased', message: string) {
    super(message);
  }
}

const NOT_FOUND = (err: unknown) => err instanceof WorkflowNotFoundError || (err as { code?: number }).code === status.NOT_FOUND;

const REASON_PROBLEMS = {
  nl: { tooShort: 'Geef de reden van het wissen (minstens 5 tekens).', tooLong: 'De reden is te lang (maximaal 500 tekens).', what: 'De reden' },
  en: { tooShort: 'Give the reason for the erasure (at least 5 characters).', tooLong: 'The reason is too long (at most 500 characters).', what: 'The reason' },
};

/** Why the reason for an erasure is refused, in `lang`, or undefined. */
export function erasureReasonProblem(reason: string, lang: Language = 'nl'): string | undefined {
  const trimmed = reason.trim();
  const texts = REASON_PROBLEMS[lang];
  if (trimmed.length < 5) return texts.tooShort;
  if (trimmed.length > 500) return texts.tooLong;
  const problem = textProblem(trimmed);
  return problem ? textProblemText(texts.what, problem, lang) : undefined;
}

export async function eraseCase(
  deps: { sql: Sql; client: Client }, r: EraseRequest, o: { closeTimeoutMs?: number } = {},
): Promise<EraseResult> {
  const { sql, client } = deps;
  const reasonProblem = erasureReasonProblem(r.reason);
  if (reasonProblem) throw new ErasureRefused('reason', reasonProblem);
  const record = await getCase(sql, r.reference);
  if (!record) throw new ErasureRefused('unknown-case', `Zaak ${r.reference} bestaat niet.`);
  const [row] = await sql<{ anonymisedReason: string | null; linkVersion: number }[]>`
    SELECT anonymised_reason AS "anonymisedReason", status_token_version AS "linkVersion" FROM cases WHERE reference = ${r.reference}`;
  if (row?.anonymisedReason === 'erasure') throw new ErasureRefused('erased', `Zaak ${r.reference} is al gewist.`);

  // The workflow learns who closed it by staff id only; the audit says who erased the case.
  const workflow = await closeWorkflow(client, r.reference, r.by.id !== undefined ? staffRef(r.by.id) : SYSTEM, o.closeTimeoutMs ?? 30_000);
  const at = new Date();
  await sql.begin(async (tx) => {
    await closeErasedCase(tx, r.reference, at);
    await anonymiseCases(tx, [r.reference], 'erasure', at);
  });
  await audit(sql, { staff: r.by, action: 'case.erase', reference: r.reference, ip: r.ip, detail: { reason: r.reason.trim() } });

  let historiesDeleted = 0;
  const ids = [r.reference, ...Array.from({ length: row?.linkVersion ?? 0 }, (_, i) => statusLinkWorkflowId(r.reference, i + 1))];
  for (const workflowId of ids) {
    try {
      await client.workflowService.deleteWorkflowExecution({ namespace: client.options.namespace, workflowExecution: { workflowId } });
      historiesDeleted += 1;
    } catch (err) {
      if (!NOT_FOUND(err)) throw err;
    }
  }
  return { workflow, historiesDeleted };
}

async function closeWorkflow(client: Client, reference: string, by: string, timeoutMs: number): Promise<EraseResult['workflow']> {
  const handle = client.workflow.getHandle(reference);
  try {
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING') return 'closed';
    await handle.signal(withdrawSignal, { by });
  } catch (err) {
    if (NOT_FOUND(err)) return 'none';
    throw err;
  }
  // Waits for the workflow to close (its status, not its result: nothing of its payloads is read).
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const { status: s } = await handle.describe();
    if (s.name === 'COMPLETED') return 'withdrawn';
    if (s.name !== 'RUNNING') return 'closed';
  }
  try {
    // Temporal Web shows the reason: no personal data in it.
    await handle.terminate('erased on request (AVG art. 17)');
    return 'terminated';
  } catch (err) {
    if (NOT_FOUND(err)) return 'closed';
    throw err;
  }
}
