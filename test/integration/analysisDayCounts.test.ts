/**
 * The counts that the analysis keeps per day of receipt between requests (src/analysis/dayCounts.ts)
 * give exactly the figures and trend of counting afresh: after a case is written, inserted or
 * deleted, when time passes a deadline, and when a complaint on another day makes a case a
 * repeat. And they are counted again only where something changed: the changes per day that the
 * triggers of migration 015 count.
 *
 * The cases lie in March 2036 (one in February), a period no other test uses. Working days of
 * March 2036: Mon 3 .. Fri 7 | 10 .. 14 | 17 .. 21 | 24 .. 28 | 31 (no holidays; summer time from
 * Sunday 30 March).
 */
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { clearDayCounts, daysCounted } from '../../src/analysis/dayCounts';
import { computeFigures, monthlyTrend, plainFigures } from '../../src/analysis/figures';
import { monthOf, type AnalysisFilters, type Period } from '../../src/analysis/period';
import type { Sql } from '../../src/db/db';
import { insertAnalysisCase, removeAnalysisCases, type AnalysisCase } from '../support/analysisCases';
import { testDatabase } from '../support/env';

const calendar = new WorkingDayCalendar();
const MARCH = monthOf('2036-03');
/** Monday 10 March 2036, noon: K02's response is due at the end of Tuesday 11 March. */
const T1 = new Date('2036-03-10T12:00:00+01:00');
/** Wednesday 12 March 2036, noon: K02's deadline has passed without a response. */
const T2 = new Date('2036-03-12T12:00:00+01:00');

const web = { channel: 'web' } as const;
const complaint = { caseType: 'complaint', ...web } as const;

const CASES: AnalysisCase[] = [
  // K01 answered in 2 working days, settled on the 13th.
  { reference: 'KL-2036-970001', ...complaint, category: 'billing', receivedAt: '2036-03-03T10:00:00+01:00',
    acknowledgedAt: '2036-03-03T10:01:00+01:00', respondedAt: '2036-03-05T10:00:00+01:00', resolvedAt: '2036-03-13T10:00:00+01:00',
    justified: 'justified', rootCause: 'billing' },
  // K02 not answered: due at the end of Tuesday 11 March.
  { reference: 'KL-2036-970002', ...complaint, category: 'delivery', receivedAt: '2036-03-04T10:00:00+01:00',
    acknowledgedAt: '2036-03-04T10:01:00+01:00' },
  // K03 feedback, answered on the 6th.
  { reference: 'FB-2036-970003', caseType: 'feedback', ...web, category: 'service', receivedAt: '2036-03-05T09:00:00+01:00',
    acknowledgedAt: '2036-03-05T09:01:00+01:00', respondedAt: '2036-03-06T09:00:00+01:00' },
  // K04 by phone, without an address.
  { reference: 'KL-2036-970004', caseType: 'complaint', channel: 'phone', email: null, customerNumber: 'KN-3604', category: 'product',
    receivedAt: '2036-03-06T11:00:00+01:00', respondedAt: '2036-03-07T11:00:00+01:00' },
  // K05 its customer complains again in February (added by a test below): then a repeat.
  { reference: 'KL-2036-970005', ...complaint, category: 'billing', email: 'terug36@example.nl', receivedAt: '2036-03-06T15:00:00+01:00',
    acknowledgedAt: '2036-03-06T15:01:00+01:00' },
  // K06 the first minutes of March in Amsterdam (still 29 February in UTC).
  { reference: 'KL-2036-970006', ...complaint, category: 'other', receivedAt: '2036-03-01T00:30:00+01:00',
    acknowledgedAt: '2036-03-01T00:31:00+01:00', respondedAt: '2036-03-03T09:00:00+01:00' },
];
/** The earlier complaint of K05's customer, added by a test. */
const EARLIER: AnalysisCase = { reference: 'KL-2036-970007', ...complaint, category: 'billing', email: 'Terug36@Example.nl',
  receivedAt: '2036-02-10T10:00:00+01:00', acknowledgedAt: '2036-02-10T10:01:00+01:00' };
/** A case whose writes the trigger test follows. */
const PROBE: AnalysisCase = { reference: 'KL-2036-970008', ...complaint, category: 'other', receivedAt: '2036-03-01T00:15:00+01:00' };

let sql: Sql;

/** The page's figures and trend of a period, as the analysis page asks for them. */
const page = async (period: Period, filters: AnalysisFilters, asOf: Date) => {
  const [figures, trend] = await Promise.all([
    computeFigures(sql, calendar, period, filters, asOf),
    monthlyTrend(sql, calendar, period, filters, asOf),
  ]);
  return { figures, trend };
};

/** The page from what is kept, and counted afresh (nothing kept): they must be the same. */
async function keptAndFresh(period: Period, filters: AnalysisFilters, asOf: Date) {
  const kept = await page(period, filters, asOf);
  clearDayCounts(sql);
  const fresh = await page(period, filters, asOf);
  return { kept, fresh };
}

const counted = () => daysCounted(sql);
const versions = async (day: string) => (await sql<{ changes: string; identity: string }[]>`
  SELECT changes::text, identity_changes::text AS identity FROM analysis_day_versions WHERE day = ${day}::date`)[0]
  ?? { changes: '0', identity: '0' };

beforeAll(async () => {
  sql = testDatabase();
  await removeAnalysisCases(sql, [...CASES, EARLIER, PROBE].map((c) => c.reference));
  for (const c of CASES) await insertAnalysisCase(sql, calendar, c);
});

afterAll(async () => {
  await sql?.end();
});

test('every write of cases counts a change for each Amsterdam day of receipt it touched', async () => {
  const [feb29, mar1, mar2] = [await versions('2036-02-29'), await versions('2036-03-01'), await versions('2036-03-02')];
  const bump = (v: { changes: string; identity: string }, changes: number, identity: number) =>
    ({ changes: String(Number(v.changes) + changes), identity: String(Number(v.identity) + identity) });

  await insertAnalysisCase(sql, calendar, PROBE);
  expect(await versions('2036-03-01')).toEqual(bump(mar1, 1, 1));
  expect(await versions('2036-02-29')).toEqual(feb29);

  // The projection writes the case: a change, not one the repeat-complainant count reads.
  await sql`UPDATE cases SET status = 'in-progress', updated_at = now() WHERE reference = ${PROBE.reference}`;
  expect(await versions('2036-03-01')).toEqual(bump(mar1, 2, 1));
  // A statement that changes no row changes nothing.
  await sql`UPDATE cases SET status = 'closed' WHERE reference = 'KL-2036-000000'`;
  expect(await versions('2036-03-01')).toEqual(bump(mar1, 2, 1));
  await sql`UPDATE cases SET email = 'ander@example.nl' WHERE reference = ${PROBE.reference}`;
  expect(await versions('2036-03-01')).toEqual(bump(mar1, 3, 2));
  // Moved to another day: both days changed.
  await sql`UPDATE cases SET received_at = '2036-03-02T10:00:00+01:00' WHERE reference = ${PROBE.reference}`;
  expect(await versions('2036-03-01')).toEqual(bump(mar1, 4, 3));
  expect(await versions('2036-03-02')).toEqual(bump(mar2, 1, 1));
  await removeAnalysisCases(sql, [PROBE.reference]);
  expect(await versions('2036-03-02')).toEqual(bump(mar2, 2, 2));
  expect(await versions('2036-02-29')).toEqual(feb29);
});

test('a second look counts nothing again; a written case counts only its own day again', async () => {
  clearDayCounts(sql);
  const first = await page(MARCH, {}, T1);
  const before = counted();
  // Every day of March for the figures, and of the 12 months to March for the trend.
  expect(before).toEqual({ trend: 366, figures: 31, responseDays: 31, settlementDays: 31, rootCauses: 31, repeat: 31 });
  expect(await page(MARCH, {}, T1)).toEqual(first);
  expect(counted()).toEqual(before);

  // The projection records K02's response on Monday 10 March (in time), and its root cause.
  await sql`UPDATE cases SET responded_at = '2036-03-10T09:00:00+01:00', working_days_to_response = 4, root_cause = 'delivery',
    status = 'responded', updated_at = now() WHERE reference = 'KL-2036-970002'`;
  try {
    const kept = await page(MARCH, {}, T1);
    // 4 March counted again, for each set that reads the case itself (the repeat count reads
    // what did not change); the rest kept.
    expect(counted()).toEqual({ ...before, trend: 367, figures: 32, responseDays: 32, settlementDays: 32, rootCauses: 32 });
    clearDayCounts(sql);
    expect(kept).toEqual(await page(MARCH, {}, T1));
    expect(plainFigures(kept.figures).responseWithin5WorkingDays.all).toEqual({ numerator: 5, denominator: 5, percent: 100 });
    // One each: the administrators' order (delivery before billing).
    expect(plainFigures(kept.figures).rootCauses.items.map((i) => i.key)).toEqual(['delivery', 'billing']);
  } finally {
    await sql`UPDATE cases SET responded_at = NULL, working_days_to_response = NULL, root_cause = NULL, status = 'in-progress',
      updated_at = now() WHERE reference = 'KL-2036-970002'`;
  }
});

test('when time passes a deadline, the kept counts of that day are counted again', async () => {
  const atT1 = await page(MARCH, {}, T1);
  // K01, K03, K04 and K06 answered in time; K02 and K05 not yet due.
  expect(plainFigures(atT1.figures).responseWithin5WorkingDays.all).toEqual({ numerator: 4, denominator: 4, percent: 100 });
  const { kept, fresh } = await keptAndFresh(MARCH, {}, T2);
  expect(kept).toEqual(fresh);
  // K02 not answered by the end of 11 March: measured, and late.
  expect(plainFigures(kept.figures).responseWithin5WorkingDays.all).toEqual({ numerator: 4, denominator: 5, percent: 80 });
  // And back: an earlier moment than the one the counts were taken at.
  const earlier = await keptAndFresh(MARCH, {}, T1);
  expect(earlier.kept).toEqual(earlier.fresh);
  expect(earlier.kept).toEqual(atT1);
});

test('a complaint on another day makes a case a repeat: the kept counts follow', async () => {
  const before = await page(MARCH, {}, T2);
  expect(plainFigures(before.figures).repeatComplainants.numerator).toBe(0);
  await insertAnalysisCase(sql, calendar, EARLIER);
  const { kept, fresh } = await keptAndFresh(MARCH, {}, T2);
  expect(kept).toEqual(fresh);
  expect(plainFigures(kept.figures).repeatComplainants.numerator).toBe(1);
});

test('with filters, at other moments, for the trend and a deleted case: the same as counting afresh', async () => {
  const moments = [T1, T2, new Date('2036-02-01T00:00:00+01:00'), new Date('2036-06-01T12:00:00+02:00')];
  const filterSets: AnalysisFilters[] = [{}, { caseType: 'complaint', channel: 'web' }, { category: 'billing' }, { caseType: 'feedback' }];
  for (const asOf of moments) {
    for (const filters of filterSets) {
      await page(MARCH, filters, asOf);
      const { kept, fresh } = await keptAndFresh(MARCH, filters, asOf);
      expect(kept).toEqual(fresh);
    }
  }
  const total = plainFigures((await page(MARCH, {}, T2)).figures).received.total;
  await removeAnalysisCases(sql, ['FB-2036-970003']);
  try {
    const { kept, fresh } = await keptAndFresh(MARCH, {}, T2);
    expect(kept).toEqual(fresh);
    expect(plainFigures(kept.figures).received.total).toBe(total - 1);
  } finally {
    await insertAnalysisCase(sql, calendar, CASES[2]!);
  }
});

test('a satisfaction answer reaches the case row (migration 016): the kept counts follow, at the moment it was given', async () => {
  // K03 (feedback of 5 March) closed on the 6th with its response; its customer answers on the 9th.
  await sql`UPDATE cases SET status = 'closed', closure = 'answered', closed_at = '2036-03-06T09:00:00+01:00' WHERE reference = 'FB-2036-970003'`;
  try {
    const before = await page(MARCH, {}, T2);
    expect(plainFigures(before.figures).satisfaction.responseRate).toEqual({ numerator: 0, denominator: 1, percent: 0 });
    await sql`INSERT INTO satisfaction (reference, score, created_at) VALUES ('FB-2036-970003', 4, '2036-03-09T20:00:00+01:00')`;
    expect((await sql`SELECT satisfaction_score, satisfied_at FROM cases WHERE reference = 'FB-2036-970003'`)[0])
      .toEqual({ satisfaction_score: 4, satisfied_at: new Date('2036-03-09T20:00:00+01:00') });
    const { kept, fresh } = await keptAndFresh(MARCH, {}, T2);
    expect(kept).toEqual(fresh);
    const satisfaction = plainFigures(kept.figures).satisfaction;
    expect(satisfaction.responseRate).toEqual({ numerator: 1, denominator: 1, percent: 100 });
    expect(satisfaction.average).toBe(4);
    expect(satisfaction.distribution).toEqual({ 1: 0, 2: 0, 3: 0, 4: 1, 5: 0 });
    // Judged before the answer was given, it is not there.
    const earlier = await keptAndFresh(MARCH, {}, new Date('2036-03-08T12:00:00+01:00'));
    expect(earlier.kept).toEqual(earlier.fresh);
    expect(plainFigures(earlier.kept.figures).satisfaction.responseRate.numerator).toBe(0);
    await sql`DELETE FROM satisfaction WHERE reference = 'FB-2036-970003'`;
    expect((await sql`SELECT satisfaction_score FROM cases WHERE reference = 'FB-2036-970003'`)[0]!.satisfaction_score).toBeNull();
  } finally {
    await sql`DELETE FROM satisfaction WHERE reference = 'FB-2036-970003'`;
    await sql`UPDATE cases SET status = 'responded', closure = NULL, closed_at = NULL WHERE reference = 'FB-2036-970003'`;
  }
});
