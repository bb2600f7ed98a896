/**
 * The read model's writes (src/db/caseEvents.ts projectCase) on the real Postgres: the snapshot a
 * page reads is the newest, whatever order the workflow's local activities land in, and an
 * anonymised case gets no texts back from a step that was still under way.
 */
import { caseInReadModel, projectCase } from '../../src/db/caseEvents';
import type { Sql } from '../../src/db/db';
import { initialCaseState, snapshotOf, type CaseState, type TimelineEntry } from '../../src/domain/lifecycle';
import { storeCase } from '../support/cases';
import { testDatabase } from '../support/env';

let sql: Sql;

beforeAll(() => {
  sql = testDatabase();
});

afterAll(() => sql?.end());

async function aCase(): Promise<{ reference: string; state: CaseState }> {
  const record = await storeCase(sql);
  const state = initialCaseState({
    reference: record.reference, caseType: record.caseType, channel: record.channel, receivedAt: record.receivedAt.toISOString(),
    hasEmail: true, deadlines: record.deadlines, policy: record.policy,
  });
  return { reference: record.reference, state };
}

const entry = (seq: number, event: TimelineEntry['event'], text?: string): TimelineEntry => ({
  seq, at: new Date().toISOString(), event, actor: 'staff-7', visibility: 'internal', ...(text ? { text } : {}),
});

const projectedSeq = async (reference: string) =>
  (await sql<{ seq: number }[]>`SELECT projected_seq AS seq FROM cases WHERE reference = ${reference}`)[0]!.seq;

test('a snapshot that lands late never replaces a newer one: the workflow numbers them', async () => {
  const { reference, state } = await aCase();
  const outcome = { outcome: 'Gegrond.', solution: 'Nieuwe terminal.', at: new Date().toISOString(), by: 'staff-7' };
  // The outcome is entry 3, its snapshot written once the objection window is planned; meanwhile
  // a note (entry 4) is written with the state from before that.
  const resolved: CaseState = { ...state, status: 'resolved', outcome };
  const planned: CaseState = { ...resolved, objectionWindowEnds: '2099-02-01T22:59:59.999Z' };
  await projectCase(sql, reference, entry(4, 'note', 'Klant gebeld.'), { ...snapshotOf(resolved), version: 4 });
  await projectCase(sql, reference, entry(3, 'resolved', 'Gegrond.'), { ...snapshotOf(planned), version: 5 });
  const read = await caseInReadModel(sql, reference);
  expect(read.state?.objectionWindowEnds).toBe('2099-02-01T22:59:59.999Z');
  expect(read.state?.timeline.map((e) => [e.seq, e.event, e.actor])).toEqual([[3, 'resolved', 'staff-7'], [4, 'note', 'staff-7']]);
  expect(await projectedSeq(reference)).toBe(4);

  // A retry of the older write changes nothing.
  await projectCase(sql, reference, entry(4, 'note', 'Klant gebeld.'), { ...snapshotOf(resolved), version: 4 });
  expect((await caseInReadModel(sql, reference)).state?.objectionWindowEnds).toBe('2099-02-01T22:59:59.999Z');

  // A rebuild (no number) goes by the entry's number; the workflow's next snapshot wins again.
  const closed: CaseState = { ...planned, status: 'closed', closure: 'accepted' };
  await projectCase(sql, reference, entry(5, 'outcome-accepted'), snapshotOf(planned));
  await projectCase(sql, reference, entry(5, 'outcome-accepted'), { ...snapshotOf(closed), version: 6 });
  const [row] = await sql`SELECT status, closure FROM cases WHERE reference = ${reference}`;
  expect(row).toEqual({ status: 'closed', closure: 'accepted' });
});

test('an anonymised case gets no texts back from a step still under way', async () => {
  const { reference, state } = await aCase();
  await sql`UPDATE cases SET anonymised_at = now(), anonymised_reason = 'erasure', workflow_state = NULL WHERE reference = ${reference}`;
  const complex: CaseState = { ...state, complex: { reason: 'Leverancier Jansen kijkt mee.', expectedDate: '2099-01-30' } };
  await projectCase(sql, reference, entry(3, 'marked-complex', 'Leverancier Jansen kijkt mee.'), { ...snapshotOf(complex), version: 3 });
  expect(await sql`SELECT 1 FROM case_events WHERE reference = ${reference}`).toHaveLength(0);
  expect((await sql`SELECT workflow_state FROM cases WHERE reference = ${reference}`)[0]!.workflow_state).toBeNull();
});
