/**
 * What a case leaves in Temporal's history: events and bytes per case path (a typical complaint,
 * one with an objection, one with many notes), and what each staff action adds. Every staff
 * Update returns only the status (src/temporal/caseMessages.ts), so an action must add the same
 * bytes however long the timeline already is: the bytes of the 1st to 10th note against those of
 * the 51st to 60th.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Sql } from '../src/db/db';
import {
  acceptOutcomeSignal, addNoteUpdate, assignHandlerUpdate, objectionDecidedUpdate, objectionSignal, resolveUpdate,
  substantiveResponseSentUpdate,
} from '../src/temporal/caseMessages';
import { BARE_QUEUE, type BenchStack } from './stack';

export interface HistoryFigure { path: string; events: number; bytes: number }

const HANDLER = 'behandelaar@ccv.test';
const COORDINATOR = 'coordinator@ccv.test';
const text = (n: number, what: string) => `${what} `.repeat(Math.ceil(n / (what.length + 1))).slice(0, n);

async function historyOf(handle: WorkflowHandle): Promise<{ events: number; bytes: number }> {
  const history = await handle.fetchHistory();
  return { events: history.events?.length ?? 0, bytes: temporal.api.history.v1.History.encode(history).finish().length };
}

async function newCase(stack: BenchStack, sql: Sql): Promise<WorkflowHandle> {
  const res = await fetch(`${stack.webUrl}/api/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({ caseType: 'complaint', name: 'Bench Klant', email: 'klant@example.nl', category: 'billing', description: text(400, 'factuur') }),
  });
  if (res.status !== 201) throw new Error(`intake answered ${res.status}`);
  const { reference } = await res.json() as { reference: string };
  await until(sql, reference, 'in-progress');
  return stack.client.workflow.getHandle(reference);
}

async function until(sql: Sql, reference: string, status: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const [row] = await sql<{ status: string }[]>`SELECT status FROM cases WHERE reference = ${reference}`;
    if (row?.status === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${reference} did not reach ${status}`);
}

async function resolved(stack: BenchStack, sql: Sql): Promise<WorkflowHandle> {
  const handle = await newCase(stack, sql);
  await handle.executeUpdate(assignHandlerUpdate, { args: [{ handler: HANDLER, by: HANDLER }] });
  await handle.executeUpdate(substantiveResponseSentUpdate, { args: [{ text: text(1200, 'antwoord'), by: HANDLER }] });
  await handle.executeUpdate(resolveUpdate, {
    args: [{ outcome: text(800, 'uitkomst'), solution: text(400, 'oplossing'), by: HANDLER, justified: 'justified', rootCause: 'billing' }],
  });
  return handle;
}

export async function benchHistories(stack: BenchStack, sql: Sql, notes: number): Promise<{
  paths: HistoryFigure[];
  perNote: { first: number; last: number; noteChars: number };
}> {
  const bare = stack.bareClient.workflow.getHandle(`bare-${randomUUID()}`);
  await stack.bareClient.workflow.execute('emptyWorkflow', { taskQueue: BARE_QUEUE, workflowId: bare.workflowId });
  const paths: HistoryFigure[] = [{ path: 'bare: empty workflow (baseline)', ...await historyOf(bare) }];

  const typical = await resolved(stack, sql);
  await typical.signal(acceptOutcomeSignal, {});
  await typical.result();
  paths.push({ path: 'complaint: response, outcome, accepted', ...await historyOf(typical) });

  const objected = await resolved(stack, sql);
  await objected.signal(objectionSignal, { reason: text(800, 'bezwaar') });
  await until(sql, objected.workflowId, 'objected');
  await objected.executeUpdate(objectionDecidedUpdate, { args: [{ decision: text(800, 'besluit'), upheld: false, by: COORDINATOR }] });
  await objected.result();
  paths.push({ path: 'complaint: outcome, objection, decision', ...await historyOf(objected) });

  const noted = await newCase(stack, sql);
  await noted.executeUpdate(assignHandlerUpdate, { args: [{ handler: HANDLER, by: HANDLER }] });
  const noteChars = 2000;
  const sizes = [(await historyOf(noted)).bytes];
  for (let i = 0; i < notes; i++) {
    await noted.executeUpdate(addNoteUpdate, { args: [{ text: text(noteChars, `notitie-${i}`), by: HANDLER }] });
    sizes.push((await historyOf(noted)).bytes);
  }
  paths.push({ path: `complaint: ${notes} notes of ${noteChars} characters (open)`, ...await historyOf(noted) });
  const added = sizes.slice(1).map((size, i) => size - sizes[i]!);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { paths, perNote: { first: mean(added.slice(0, 10)), last: mean(added.slice(-10)), noteChars } };
}
