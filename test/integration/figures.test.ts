/**
 * The figures of the analysis (src/analysis/figures.ts) over cases made for this test, written
 * straight into the read model, against numbers counted by hand. The cases lie in April 2032 (and
 * a few around it), a period no other test uses; the working days cross Koningsdag (Tuesday 27
 * April 2032), Bevrijdingsdag (Wednesday 5 May) and Hemelvaartsdag (Thursday 6 May), and
 * Tweede Pinksterdag (Monday 17 May).
 *
 * Working days of April and May 2032 (Mon-Fri without those holidays):
 *   April: 1 2 | 5 6 7 8 9 | 12 13 14 15 16 | 19 20 21 22 23 | 26 28 29 30
 *   May:   3 4 7 | 10 11 12 13 14 | 18 19 20 21 | 24 25 26 27 28 | 31
 * Deadlines (end of the day, Amsterdam) by receipt date, 5 and 34 working days:
 *   1 Apr: 8 Apr / 25 May   2 Apr: 9 Apr / 26 May   5 Apr: 12 Apr / 27 May   6 Apr: 13 Apr / 28 May
 *   7 Apr: 14 Apr / 31 May  8 Apr: 15 Apr / 1 Jun  9 Apr: 16 Apr            12 Apr: 19 Apr
 *  13 Apr: 20 Apr / 4 Jun  14 Apr: 21 Apr         15 Apr: 22 Apr            16 Apr: 23 Apr / 9 Jun
 *  19 Apr: 26 Apr          20 Apr: 28 Apr / 11 Jun 21 Apr: 29 Apr / 14 Jun  22 Apr: 30 Apr / 15 Jun
 *  23 Apr: 3 May           26 Apr: 4 May / 17 Jun  27 Apr: 4 May            28 Apr: 7 May
 *  29 Apr: 10 May / 21 Jun 30 Apr: 11 May / 22 Jun
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { analysisFilterConditions } from '../../src/analysis/caseFilter';
import {
  FIGURE_DEFINITIONS,
  FIGURE_NAMES,
  SMALL_CELL,
  computeFigures,
  countsOf,
  monthlyTrend,
  plainFigures,
  suppressSmallCells,
  type Figures,
  type MonthlyTrend,
} from '../../src/analysis/figures';
import { monthOf, rangePeriod } from '../../src/analysis/period';
import type { Sql } from '../../src/db/db';
import { insertAnalysisCase, removeAnalysisCases, type AnalysisCase } from '../support/analysisCases';
import { testDatabase } from '../support/env';

const ROOT = path.join(__dirname, '..', '..');
const calendar = new WorkingDayCalendar();
const APRIL = monthOf('2032-04');
/** The measuring moment of most assertions: Thursday 27 May 2032, noon. */
const T = new Date('2032-05-27T12:00:00+02:00');
/** An earlier one: Friday 30 April 2032, noon. */
const T0 = new Date('2032-04-30T12:00:00+02:00');

const web = { channel: 'web' } as const;
const complaint = { caseType: 'complaint', ...web } as const;
const feedback = { caseType: 'feedback', ...web } as const;
const acked = (receivedAt: string) => new Date(new Date(receivedAt).getTime() + 60_000).toISOString();

/**
 * Each case's comment gives the working days ("WD") after its receipt date up to and including
 * the day of its response / outcome, and its age at T in working days when it is open at T.
 */
const CASES: AnalysisCase[] = [
  // K01 the very first instant of April. Response Wed 7 Apr: WD 2,5,6,7 = 4 (due 8 Apr: in time). Outcome Tue 20 Apr:
  // WD 2,5,6,7,8,9,12,13,14,15,16,19,20 = 13 (due 25 May: in time). Closed 21 May, score 4.
  { reference: 'KL-2032-900001', ...complaint, category: 'billing', receivedAt: '2032-04-01T00:00:00+02:00',
    acknowledgedAt: '2032-04-01T00:01:00+02:00', respondedAt: '2032-04-07T15:00:00+02:00', resolvedAt: '2032-04-20T11:00:00+02:00',
    closedAt: '2032-05-21T10:00:00+02:00', closure: 'no-objection', justified: 'justified', rootCause: 'billing',
    satisfaction: { score: 4, at: '2032-05-22T09:00:00+02:00' },
    improvementActions: [
      { createdAt: '2032-04-21T10:00:00+02:00', dueDate: '2032-05-20' }, // open at T, overdue
      { createdAt: '2032-04-21T10:00:00+02:00', dueDate: '2032-06-30' }, // open at T
    ] },
  // K02 a repeat complainant (KL-2031-900093, 15 Jun 2031, same address in other capitals). Response Fri 9 Apr: WD 5 (in
  // time). Outcome Fri 14 May: 24 WD to 11 May + 12,13,14 = 27 (due 26 May: in time). Objected 15 May, upheld 20 May.
  { reference: 'KL-2032-900002', ...complaint, category: 'billing', email: 'Herhaal@Example.nl', receivedAt: '2032-04-02T09:00:00+02:00',
    acknowledgedAt: '2032-04-02T09:00:30+02:00', respondedAt: '2032-04-09T16:00:00+02:00', resolvedAt: '2032-05-14T10:00:00+02:00',
    objectedAt: '2032-05-15T09:00:00+02:00', objectionUpheld: true, closedAt: '2032-05-20T10:00:00+02:00',
    closure: 'objection-decided', justified: 'partly', rootCause: 'billing' },
  // K03 confirmed after 25 hours; response Tue 13 Apr: WD 5,6,7,8,9,12,13 = 7 (due 9 Apr: late); no outcome by its
  // deadline 26 May: late. Complex. Open at T, received 2 Apr: age 35 WD (> 34).
  { reference: 'KL-2032-900003', ...complaint, category: 'delivery', receivedAt: '2032-04-02T14:00:00+02:00',
    acknowledgedAt: '2032-04-03T15:00:00+02:00', respondedAt: '2032-04-13T10:00:00+02:00', complex: true,
    breaches: ['acknowledgement-overdue', 'substantive-response-overdue', 'resolution-overdue'] },
  // K04 by phone without email, customer number KN-500. Response Mon 12 Apr: WD 6,7,8,9,12 = 5 (in time). Outcome Fri 30
  // Apr: WD 18 (in time). Closed only on 31 May, after T (so not asked at T); its score of 1 June does not count at T.
  { reference: 'KL-2032-900004', caseType: 'complaint', channel: 'phone', email: null, customerNumber: 'KN-500',
    category: 'product', receivedAt: '2032-04-05T10:00:00+02:00', respondedAt: '2032-04-12T10:00:00+02:00',
    resolvedAt: '2032-04-30T10:00:00+02:00', closedAt: '2032-05-31T00:00:05+02:00', closure: 'no-objection',
    justified: 'unjustified', rootCause: 'product', satisfaction: { score: 1, at: '2032-06-01T10:00:00+02:00' } },
  // K05 repeat: KN-500 complained on 5 April. Response Wed 28 Apr: WD 21,22,23,26,28 = 5 across Koningsdag (due 28 Apr: in
  // time). No outcome (due 11 Jun: not yet measured). Open at T: age 23 WD.
  { reference: 'KL-2032-900005', ...complaint, category: 'product', customerNumber: 'KN-500', receivedAt: '2032-04-20T11:00:00+02:00',
    acknowledgedAt: acked('2032-04-20T11:00:00+02:00'), respondedAt: '2032-04-28T09:00:00+02:00' },
  // K06 withdrawn on 8 Apr, before its response deadline (13 Apr), without a response: left out of both shares.
  { reference: 'KL-2032-900006', ...complaint, category: 'malfunction', receivedAt: '2032-04-06T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-06T10:00:00+02:00'), closedAt: '2032-04-08T12:00:00+02:00', closure: 'withdrawn' },
  // K07 no response by its deadline (14 Apr), withdrawn on 20 Apr: late for the response; for the outcome (due 31 May)
  // withdrawn before the deadline: left out.
  { reference: 'KL-2032-900007', ...complaint, category: 'malfunction', receivedAt: '2032-04-07T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-07T10:00:00+02:00'), closedAt: '2032-04-20T10:00:00+02:00', closure: 'withdrawn',
    breaches: ['substantive-response-overdue'] },
  // K08 response Thu 15 Apr: WD 5 (in time); outcome Thu 27 May 09:00, three hours before T: WD 20 to 11 May + 11 = 31
  // (due 1 Jun: in time). Complex. Objection window runs at T: not open.
  { reference: 'KL-2032-900008', ...complaint, category: 'service', receivedAt: '2032-04-08T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-08T10:00:00+02:00'), respondedAt: '2032-04-15T10:00:00+02:00',
    resolvedAt: '2032-05-27T09:00:00+02:00', complex: true, justified: 'justified', rootCause: 'communication' },
  // K09 customer number KN-777, whose earlier complaint (10 Apr 2031) is more than 12 months before: no repeat. Response
  // Mon 19 Apr: WD 14,15,16,19 = 4 (in time). Outcome on 2 June, after T: at T no outcome (not judged either), open, age 28.
  { reference: 'KL-2032-900009', ...complaint, category: 'service', customerNumber: 'KN-777', receivedAt: '2032-04-13T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-13T10:00:00+02:00'), respondedAt: '2032-04-19T10:00:00+02:00',
    resolvedAt: '2032-06-02T10:00:00+02:00', justified: 'partly', rootCause: 'communication' },
  // K10 response Mon 3 May: WD 23,26,28,29,30,3 = 6 (due 30 Apr: late). Outcome Tue 11 May: WD 10 (in time). Objected 12
  // May, not upheld 25 May. Score 2 on 26 May.
  { reference: 'KL-2032-900010', ...complaint, category: 'other', receivedAt: '2032-04-22T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-22T10:00:00+02:00'), respondedAt: '2032-05-03T10:00:00+02:00', resolvedAt: '2032-05-11T10:00:00+02:00',
    objectedAt: '2032-05-12T10:00:00+02:00', objectionUpheld: false, closedAt: '2032-05-25T10:00:00+02:00',
    closure: 'objection-decided', justified: 'unjustified', rootCause: 'process', breaches: ['substantive-response-overdue'],
    satisfaction: { score: 2, at: '2032-05-26T10:00:00+02:00' },
    improvementActions: [
      { createdAt: '2032-05-12T10:00:00+02:00', dueDate: '2032-05-26', doneAt: '2032-05-26T16:00:00+02:00' }, // done before T
      { createdAt: '2032-05-12T10:00:00+02:00', dueDate: '2032-05-20', doneAt: '2032-05-28T10:00:00+02:00' }, // open at T, overdue
    ] },
  // K11 received Monday 26 April; response Monday 10 May: WD 28,29,30,3,4,7,10 = 7, fourteen calendar days over
  // Koningsdag, 5 and 6 May (due 4 May: late). Open at T: age 19.
  { reference: 'KL-2032-900011', ...complaint, category: 'delivery', receivedAt: '2032-04-26T09:00:00+02:00',
    acknowledgedAt: acked('2032-04-26T09:00:00+02:00'), respondedAt: '2032-05-10T14:00:00+02:00',
    breaches: ['substantive-response-overdue'] },
  // K12 the very last instant of April, confirmed 11 seconds later on 1 May (in time). Response Mon 10 May: WD 3,4,7,10 = 4
  // (due 11 May: in time). Outcome Wed 12 May: WD 6; accepted 13 May; no judgement recorded. Score 5.
  { reference: 'KL-2032-900012', ...complaint, category: 'delivery', receivedAt: '2032-04-30T23:59:59+02:00',
    acknowledgedAt: '2032-05-01T00:00:10+02:00', respondedAt: '2032-05-10T10:00:00+02:00', resolvedAt: '2032-05-12T10:00:00+02:00',
    closedAt: '2032-05-13T10:00:00+02:00', closure: 'accepted', rootCause: 'delivery',
    satisfaction: { score: 5, at: '2032-05-14T10:00:00+02:00' },
    improvementActions: [{ createdAt: '2032-05-28T10:00:00+02:00', dueDate: '2032-05-01' }] }, // created after T
  // K13 by phone, with email; answered and settled on the day of receipt: 0 WD. No root cause. Score 5.
  { reference: 'KL-2032-900013', caseType: 'complaint', channel: 'phone', category: 'billing', receivedAt: '2032-04-14T10:00:00+02:00',
    respondedAt: '2032-04-14T16:00:00+02:00', resolvedAt: '2032-04-14T16:00:00+02:00', closedAt: '2032-04-15T10:00:00+02:00',
    closure: 'accepted', justified: 'justified', satisfaction: { score: 5, at: '2032-04-16T10:00:00+02:00' } },
  // K14 the address refused the confirmation. Response Wed 21 Apr: WD 16,19,20,21 = 4 (in time). Open at T: age 26.
  { reference: 'KL-2032-900014', ...complaint, category: 'billing', receivedAt: '2032-04-15T10:00:00+02:00',
    respondedAt: '2032-04-21T10:00:00+02:00', breaches: ['acknowledgement-overdue', 'acknowledgement-failed'] },
  // K15 no response (due 23 Apr: late). Its address sent feedback before (FB-2032-900095): feedback is no complaint, so
  // no repeat. Open at T: age 25.
  { reference: 'KL-2032-900015', ...complaint, category: 'product', email: 'fb2@example.nl', receivedAt: '2032-04-16T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-16T10:00:00+02:00'), breaches: ['substantive-response-overdue'] },
  // K16 repeat: the same address complained on 31 March (KL-2032-900091, outside the period). No response (due 10 May:
  // late). Open at T: age 17.
  { reference: 'KL-2032-900016', ...complaint, category: 'other', email: 'maart@example.nl', receivedAt: '2032-04-29T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-29T10:00:00+02:00'), breaches: ['substantive-response-overdue'] },
  // K17 response Thu 8 Apr: WD 5 (in time). Outcome Wed 26 May: 25 WD to 11 May + 12,13,14,18,19,20,21,24,25,26 = 35
  // (due 25 May: late).
  { reference: 'KL-2032-900017', ...complaint, category: 'malfunction', receivedAt: '2032-04-01T09:00:00+02:00',
    acknowledgedAt: acked('2032-04-01T09:00:00+02:00'), respondedAt: '2032-04-08T10:00:00+02:00', resolvedAt: '2032-05-26T10:00:00+02:00',
    justified: 'justified', rootCause: 'product', breaches: ['resolution-overdue'] },
  // K18 response on Koningsdag's next day, Wed 28 Apr: WD 22,23,26,28 = 4 (in time). Outcome Tue 4 May: WD 8 (in time).
  // Objected 10 May, undecided at T (review overdue): open at T, age 22.
  { reference: 'KL-2032-900018', ...complaint, category: 'other', receivedAt: '2032-04-21T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-21T10:00:00+02:00'), respondedAt: '2032-04-28T10:00:00+02:00', resolvedAt: '2032-05-04T10:00:00+02:00',
    objectedAt: '2032-05-10T10:00:00+02:00', justified: 'partly', rootCause: 'process', breaches: ['objection-review-overdue'] },

  // F01 response Fri 9 Apr: WD 6,7,8,9 = 4 (due 12 Apr: in time), closed. Score 4.
  { reference: 'FB-2032-900001', ...feedback, category: 'service', receivedAt: '2032-04-05T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-05T10:00:00+02:00'), respondedAt: '2032-04-09T10:00:00+02:00', closedAt: '2032-04-09T10:00:00+02:00',
    closure: 'answered', satisfaction: { score: 4, at: '2032-04-10T10:00:00+02:00' } },
  // F02 response Tue 20 Apr: WD 13,14,15,16,19,20 = 6 (due 19 Apr: late). Score 3.
  { reference: 'FB-2032-900002', ...feedback, category: 'service', receivedAt: '2032-04-12T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-12T10:00:00+02:00'), respondedAt: '2032-04-20T10:00:00+02:00', closedAt: '2032-04-20T10:00:00+02:00',
    closure: 'answered', breaches: ['substantive-response-overdue'], satisfaction: { score: 3, at: '2032-04-21T10:00:00+02:00' } },
  // F03 by phone without email: response Thu 22 Apr: WD 20,21,22 = 3 (in time); never asked for a score.
  { reference: 'FB-2032-900003', caseType: 'feedback', channel: 'phone', email: null, category: 'other',
    receivedAt: '2032-04-19T10:00:00+02:00', respondedAt: '2032-04-22T10:00:00+02:00', closedAt: '2032-04-22T10:00:00+02:00',
    closure: 'answered' },
  // F04 response Thu 29 Apr: WD 26,28,29 = 3 across Koningsdag (due 3 May: in time). Score 5.
  { reference: 'FB-2032-900004', ...feedback, category: 'product', receivedAt: '2032-04-23T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-23T10:00:00+02:00'), respondedAt: '2032-04-29T10:00:00+02:00', closedAt: '2032-04-29T10:00:00+02:00',
    closure: 'answered', satisfaction: { score: 5, at: '2032-04-30T10:00:00+02:00' } },
  // F05 received on Koningsdag itself: WD 28,29,30,3,4 = 5 to Tue 4 May (due 4 May: in time). Asked, never answered.
  { reference: 'FB-2032-900005', ...feedback, category: 'product', receivedAt: '2032-04-27T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-27T10:00:00+02:00'), respondedAt: '2032-05-04T10:00:00+02:00', closedAt: '2032-05-04T10:00:00+02:00',
    closure: 'answered' },
  // F06 withdrawn the next day without a response: left out of the response share; not asked.
  { reference: 'FB-2032-900006', ...feedback, category: 'delivery', receivedAt: '2032-04-28T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-28T10:00:00+02:00'), closedAt: '2032-04-29T10:00:00+02:00', closure: 'withdrawn' },
  // F07 no response (due 16 Apr: late). Open at T: age 30.
  { reference: 'FB-2032-900007', ...feedback, category: 'other', receivedAt: '2032-04-09T10:00:00+02:00',
    acknowledgedAt: acked('2032-04-09T10:00:00+02:00'), breaches: ['substantive-response-overdue'] },

  // Outside April. X1: 23:30 on 31 March in Amsterdam (21:30 UTC). Confirmed, response 7 Apr (due 7 Apr), outcome 14 Apr.
  { reference: 'KL-2032-900091', ...complaint, category: 'other', email: 'maart@example.nl', receivedAt: '2032-03-31T23:30:00+02:00',
    acknowledgedAt: acked('2032-03-31T23:30:00+02:00'), respondedAt: '2032-04-07T10:00:00+02:00', resolvedAt: '2032-04-14T10:00:00+02:00',
    closedAt: '2032-04-15T10:00:00+02:00', closure: 'accepted' },
  // X2: 00:00 on 1 May (22:00 UTC on 30 April). Never confirmed, no response (due 11 May: WD 3,4,7,10,11).
  { reference: 'KL-2032-900092', ...complaint, category: 'other', receivedAt: '2032-05-01T00:00:00+02:00',
    breaches: ['acknowledgement-overdue', 'substantive-response-overdue'] },
  // Earlier cases of April's customers.
  { reference: 'KL-2031-900093', ...complaint, category: 'billing', email: 'herhaal@example.nl', receivedAt: '2031-06-15T10:00:00+02:00',
    acknowledgedAt: acked('2031-06-15T10:00:00+02:00'), respondedAt: '2031-06-17T10:00:00+02:00', resolvedAt: '2031-06-20T10:00:00+02:00',
    closedAt: '2031-07-21T10:00:00+02:00', closure: 'no-objection' },
  { reference: 'KL-2031-900094', ...complaint, category: 'service', customerNumber: 'KN-777', receivedAt: '2031-04-10T10:00:00+02:00',
    acknowledgedAt: acked('2031-04-10T10:00:00+02:00'), respondedAt: '2031-04-14T10:00:00+02:00', resolvedAt: '2031-04-20T10:00:00+02:00',
    closedAt: '2031-05-21T10:00:00+02:00', closure: 'no-objection' },
  { reference: 'FB-2032-900095', ...feedback, category: 'product', email: 'fb2@example.nl', receivedAt: '2032-02-10T10:00:00+01:00',
    acknowledgedAt: acked('2032-02-10T10:00:00+01:00'), respondedAt: '2032-02-11T10:00:00+01:00', closedAt: '2032-02-11T10:00:00+01:00',
    closure: 'answered' },
];

/** Every count must be exactly the number of cases its case-list filter selects. */
async function expectLinksExact(sql: Sql, figures: Figures | MonthlyTrend): Promise<number> {
  let checked = 0;
  for (const { path: where, count } of countsOf(figures)) {
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases WHERE ${analysisFilterConditions(sql, count.filter)}`;
    const expected = count.kind === 'actions' ? count.cases : count.n;
    if (row!.n !== expected) throw new Error(`${where}: the figure says ${expected}, its filter selects ${row!.n}`);
    checked += 1;
  }
  return checked;
}

let sql: Sql;
let figures: Figures;
/** The improvement actions of the rest of the database (a snapshot, not bound to the period). */
let actionsBefore: Figures['improvementActions'];

beforeAll(async () => {
  sql = testDatabase();
  await removeAnalysisCases(sql, CASES.map((c) => c.reference));
  actionsBefore = (await computeFigures(sql, calendar, APRIL, {}, T)).improvementActions;
  for (const c of CASES) await insertAnalysisCase(sql, calendar, c);
  figures = await computeFigures(sql, calendar, APRIL, {}, T);
});

afterAll(async () => {
  await sql?.end();
});

describe('the figures of April 2032, as of Thursday 27 May 2032 12:00', () => {
  test('received: 18 complaints and 7 feedback; 23:30 on 31 March and 00:00 on 1 May (Amsterdam) fall outside', () => {
    const p = plainFigures(figures);
    expect(p.received).toEqual({
      total: 25,
      byType: { complaint: 18, feedback: 7 },
      // billing K01 K02 K13 K14; malfunction K06 K07 K17; delivery K03 K11 K12 F06; product K04 K05 K15 F04 F05;
      // service K08 K09 F01 F02; other K10 K16 K18 F03 F07.
      byCategory: { product: 5, malfunction: 3, delivery: 4, billing: 4, service: 4, other: 5 },
      byChannel: { web: 22, phone: 3 }, // phone: K04 K13 F03
    });
    expect(p.period).toMatchObject({ kind: 'month', value: '2032-04', from: '2032-04-01', to: '2032-04-30' });
    expect(p.asOf).toBe('2032-05-27T10:00:00.000Z');
  });

  test('confirmed within 24 hours: 20 of the 22 web cases (K03 after 25 hours, K14 never)', () => {
    expect(plainFigures(figures).confirmedWithin24h).toEqual({ numerator: 20, denominator: 22, percent: 90.9 });
  });

  test('response within 5 working days: complaints and feedback apart, withdrawn before the deadline left out', () => {
    // Complaints: 18 less K06 = 17 measured; late K03 K07 K10 K11 K15 K16; in time the other 11.
    // Feedback: 7 less F06 = 6 measured; late F02 F07.
    expect(plainFigures(figures).responseWithin5WorkingDays).toEqual({
      complaint: { numerator: 11, denominator: 17, percent: 64.7 },
      feedback: { numerator: 4, denominator: 6, percent: 66.7 },
      all: { numerator: 15, denominator: 23, percent: 65.2 },
    });
  });

  test('settled within 34 working days: outcomes by T, and deadlines passed by T', () => {
    // Outcomes by T: K01 K02 K04 K08 K10 K12 K13 K17 K18 (9; K17 late); K03's deadline (26 May) passed without one;
    // K09's outcome comes after T and its deadline (4 Jun) later still; K06 and K07 were withdrawn before theirs.
    expect(plainFigures(figures).settledWithin34WorkingDays).toEqual({ numerator: 8, denominator: 10, percent: 80 });
  });

  test('working days to response and outcome: median and 90th percentile, across the holidays', () => {
    const p = plainFigures(figures);
    // Complaints: 0 4 4 4 4 4 5 5 5 5 5 6 7 7 (K13 0; K01 K09 K12 K14 K18 4; K02 K04 K05 K08 K17 5; K10 6; K03 K11 7).
    // Median: the mean of the 7th and 8th (5, 5); p90 at position 0.9 x 13 = 11.7: 6 + 0.7 x (7 - 6) = 6.7.
    expect(p.workingDaysToResponse.complaint).toEqual({ cases: 14, median: 5, p90: 6.7 });
    // Feedback: 3 3 4 5 6 (F03 F04, F01, F05, F02): median 4, p90 at 3.6: 5 + 0.6 = 5.6.
    expect(p.workingDaysToResponse.feedback).toEqual({ cases: 5, median: 4, p90: 5.6 });
    // Together: 0 3 3 4 4 4 4 4 4 5 5 5 5 5 5 6 6 7 7: median the 10th = 5; p90 at 16.2: 6 + 0.2 x 1 = 6.2.
    expect(p.workingDaysToResponse.all).toEqual({ cases: 19, median: 5, p90: 6.2 });
    // Outcomes: 0 6 8 10 13 18 27 31 35 (K13 K12 K18 K10 K01 K04 K02 K08 K17): median 13; p90 at 7.2: 31 + 0.2 x 4 = 31.8.
    expect(p.workingDaysToSettlement).toEqual({ cases: 9, median: 13, p90: 31.8 });
  });

  test('open cases by age in working days at T', () => {
    // Open at T: K03 (35), K05 (23), K09 (28: its outcome comes after T), K11 (19), K14 (26), K15 (25), K16 (17),
    // K18 (22: objection under review), F07 (30). Not open: K04 and K08 (objection window), K17 (outcome 26 May) ...
    const open = figures.openByAge;
    expect(open.total.n).toBe(9);
    expect(open.buckets.map((b) => [b.key, b.cases.n, b.cases.filter?.receivedFrom, b.cases.filter?.receivedTo])).toEqual([
      ['0-5', 0, undefined, undefined], // no date of April is 5 WD or fewer before 27 May
      ['6-10', 0, undefined, undefined],
      ['11-20', 2, '2032-04-23', '2032-04-30'], // K11, K16; 23 April is 20 WD before 27 May
      ['21-34', 6, '2032-04-05', '2032-04-22'], // K05 K09 K14 K15 K18 F07; 5 April is 34 WD before
      ['over-34', 1, '2032-04-01', '2032-04-04'], // K03
    ]);
    expect(open.buckets[0]!.cases.filter).toBeNull();
    expect(open.buckets[4]!.cases.filter).toMatchObject({ open: true, asOf: T.toISOString() });
  });

  test('breaches per milestone, complex cases, objections, justified', () => {
    const p = plainFigures(figures);
    expect(p.breaches).toEqual({
      any: 11, // K03 K07 K10 K11 K14 K15 K16 K17 K18 F02 F07
      byMilestone: {
        'acknowledgement-overdue': 2, // K03 K14
        'acknowledgement-failed': 1, // K14
        'substantive-response-overdue': 8, // K03 K07 K10 K11 K15 K16 F02 F07
        'resolution-overdue': 2, // K03 K17
        'objection-review-overdue': 1, // K18
      },
    });
    expect(p.complex).toEqual({ numerator: 2, denominator: 25, percent: 8 }); // K03 K08
    // Objected by T: K02 K10 K18, of the 9 complaints with an outcome; decided: K02 (upheld) and K10.
    expect(p.objections).toEqual({
      objected: { numerator: 3, denominator: 9, percent: 33.3 },
      upheld: { numerator: 1, denominator: 2, percent: 50 },
    });
    // Outcomes by T with a judgement: K01 K08 K13 K17 justified; K02 K18 partly; K04 K10 unjustified; K12 none.
    expect(p.justified).toEqual({
      assessed: 8,
      notAssessed: 1,
      shares: {
        justified: { numerator: 4, denominator: 8, percent: 50 },
        partly: { numerator: 2, denominator: 8, percent: 25 },
        unjustified: { numerator: 2, denominator: 8, percent: 25 },
      },
    });
  });

  test('root causes as a Pareto list, ties in the administrators\' order', () => {
    const p = plainFigures(figures);
    // billing K01 K02; product K04 K17; communication K08 K09; process K10 K18; delivery K12: 9 in all.
    expect(p.rootCauses.items.map((i) => [i.key, i.label.nl, i.cases, i.percent, i.cumulativePercent])).toEqual([
      ['product', 'Product', 2, 22.2, 22.2],
      ['communication', 'Communicatie', 2, 22.2, 44.4],
      ['billing', 'Facturatie', 2, 22.2, 66.7],
      ['process', 'Proces of procedure', 2, 22.2, 88.9],
      ['delivery', 'Levering', 1, 11.1, 100],
    ]);
    expect(p.rootCauses.recorded).toBe(9);
    expect(p.rootCauses.notRecorded).toBe(1); // K13: an outcome, no root cause
  });

  test('repeat complainants: the same email (any capitals) or customer number, a complaint in the 12 months before', () => {
    // K02 (15 Jun 2031), K05 (K04 on 5 Apr), K16 (31 Mar); not K09 (more than 12 months), not K15 (only feedback before).
    expect(plainFigures(figures).repeatComplainants).toEqual({ numerator: 3, denominator: 18, percent: 16.7 });
  });

  test('satisfaction: asked = closed by T, not withdrawn, with an email address', () => {
    // Asked: K01 K02 K10 K12 K13 F01 F02 F04 F05 (K04 closed after T; F03 has no address; K06 K07 F06 withdrawn).
    // Answered by T: K01 4, K10 2, K12 5, K13 5, F01 4, F02 3, F04 5: average 28 / 7 = 4.
    expect(plainFigures(figures).satisfaction).toEqual({
      responseRate: { numerator: 7, denominator: 9, percent: 77.8 },
      average: 4,
      distribution: { 1: 0, 2: 1, 3: 1, 4: 2, 5: 3 },
    });
  });

  test('improvement actions: open and overdue at T, on top of those of other cases', () => {
    // Open at T: K01's two and K10's second (done only after T); overdue: K01's first and K10's second. K10's first was
    // done before T; K12's was created after T.
    const actions = figures.improvementActions;
    expect([actions.open.n - (actionsBefore.open.n as number), actions.open.cases - (actionsBefore.open.cases as number)]).toEqual([3, 2]);
    expect([actions.overdue.n - (actionsBefore.overdue.n as number), actions.overdue.cases - (actionsBefore.overdue.cases as number)])
      .toEqual([2, 2]);
  });

  test('every count links to exactly its cases', async () => {
    expect(await expectLinksExact(sql, figures)).toBeGreaterThan(60);
    expect(figures.received.byType.complaint.filter).toEqual({ receivedFrom: '2032-04-01', receivedTo: '2032-04-30', caseType: 'complaint' });
    expect(figures.responseWithin5WorkingDays.feedback.numerator.filter).toEqual({
      receivedFrom: '2032-04-01', receivedTo: '2032-04-30', caseType: 'feedback', response: 'in-time', asOf: T.toISOString(),
    });
  });
});

describe('the same cases at other moments and with filters', () => {
  test('as of Friday 30 April 12:00: deadlines not yet passed are not measured; ages', async () => {
    const early = await computeFigures(sql, calendar, APRIL, {}, T0);
    // Deadlines passed at T0 are those to 29 April (receipt up to 21 April). Measured complaints: K01 K02 K03 K04 K05
    // (response 28 Apr) K07 K08 K09 K13 K14 K15 K17 K18; late K03 K07 K15. K10 K11 K16 are due later, K12 not received.
    expect(plainFigures(early).responseWithin5WorkingDays.complaint).toEqual({ numerator: 10, denominator: 13, percent: 76.9 });
    // Ages at 30 April: WD after the receipt date up to 30 April.
    expect(early.openByAge.buckets.map((b) => [b.key, b.cases.n, b.cases.filter?.receivedFrom, b.cases.filter?.receivedTo])).toEqual([
      ['0-5', 4, '2032-04-22', '2032-04-30'], // K10 (5), K11 (3), F05 (3: received on Koningsdag), K16 (1)
      ['6-10', 4, '2032-04-15', '2032-04-21'], // K18 (6), K05 (7), K15 (9), K14 (10)
      ['11-20', 6, '2032-04-01', '2032-04-14'], // K09 (12), F07 (14), K08 (15), K02 K03 (19), K17 (20)
      ['21-34', 0, undefined, undefined],
      ['over-34', 0, undefined, undefined],
    ]);
    expect(early.openByAge.total.n).toBe(14);
    await expectLinksExact(sql, early);
  });

  test('filters narrow every figure; a contradiction counts 0 with nothing to list', async () => {
    const fb = await computeFigures(sql, calendar, APRIL, { caseType: 'feedback' }, T);
    expect(fb.received.total.n).toBe(7);
    expect(fb.received.byType.complaint).toEqual({ kind: 'count', n: 0, filter: null });
    expect(fb.settledWithin34WorkingDays).toMatchObject({ percent: null, denominator: { n: 0, filter: null } });
    expect(plainFigures(fb).responseWithin5WorkingDays.all).toEqual({ numerator: 4, denominator: 6, percent: 66.7 });
    await expectLinksExact(sql, fb);

    const phone = await computeFigures(sql, calendar, APRIL, { channel: 'phone' }, T);
    expect(plainFigures(phone).received.byType).toEqual({ complaint: 2, feedback: 1 });
    expect(phone.confirmedWithin24h.denominator.n).toBe(0); // the promise is the web form's
    const billing = await computeFigures(sql, calendar, APRIL, { category: 'billing', caseType: 'complaint' }, T);
    expect(billing.received.total.n).toBe(4);
    expect(plainFigures(billing).repeatComplainants).toEqual({ numerator: 1, denominator: 4, percent: 25 }); // K02
    await expectLinksExact(sql, billing);
  });

  test('a period without cases gives zeros and no percentages', async () => {
    const empty = plainFigures(await computeFigures(sql, calendar, monthOf('2032-08'), {}, T));
    expect(empty.received.total).toBe(0);
    expect(empty.confirmedWithin24h).toEqual({ numerator: 0, denominator: 0, percent: null });
    expect(empty.workingDaysToSettlement).toEqual({ cases: 0, median: null, p90: null });
    expect(empty.satisfaction.average).toBeNull();
    expect(empty.rootCauses.items).toEqual([]);
  });

  test('a range of dates: 31 March to 1 May takes in both cases around midnight', async () => {
    const range = await computeFigures(sql, calendar, rangePeriod('2032-03-31', '2032-05-01'), {}, T);
    expect(range.received.total.n).toBe(27);
  });

  test('the monthly trend over the 12 months to May 2032', async () => {
    const trend = await monthlyTrend(sql, calendar, '2032-05', {}, T);
    expect(trend.months.map((m) => m.month)).toEqual([
      '2031-06', '2031-07', '2031-08', '2031-09', '2031-10', '2031-11', '2031-12', '2032-01', '2032-02', '2032-03', '2032-04', '2032-05',
    ]);
    const p = trend.months.map((m) => [m.month, m.received.total.n, m.received.complaint.n, m.received.feedback.n,
      m.confirmedWithin24h.percent, m.responseWithin5WorkingDays.all.percent, m.settledWithin34WorkingDays.percent, m.breaches.any.n]);
    expect(p).toEqual([
      ['2031-06', 1, 1, 0, 100, 100, 100, 0], // KL-2031-900093 (its namesake of April 2031 is outside the 12 months)
      ['2031-07', 0, 0, 0, null, null, null, 0],
      ['2031-08', 0, 0, 0, null, null, null, 0],
      ['2031-09', 0, 0, 0, null, null, null, 0],
      ['2031-10', 0, 0, 0, null, null, null, 0],
      ['2031-11', 0, 0, 0, null, null, null, 0],
      ['2031-12', 0, 0, 0, null, null, null, 0],
      ['2032-01', 0, 0, 0, null, null, null, 0],
      ['2032-02', 1, 0, 1, 100, 100, null, 0], // FB-2032-900095
      ['2032-03', 1, 1, 0, 100, 100, 100, 0], // KL-2032-900091 at 23:30 on 31 March
      ['2032-04', 25, 18, 7, 90.9, 65.2, 80, 11], // as above
      ['2032-05', 1, 1, 0, 0, 0, null, 1], // KL-2032-900092: not confirmed, no response by 11 May; outcome due in June
    ]);
    expect(trend.months[10]!.breaches.byMilestone['substantive-response-overdue'].n).toBe(8);
    expect(trend.months[10]!.received.total.filter).toEqual({ receivedFrom: '2032-04-01', receivedTo: '2032-04-30' });
    await expectLinksExact(sql, trend);
  });
});

describe('small cells', () => {
  test('every count from 1 to 4, and what is built on it, shows as "< 5"; 0 and 5 and more stay', () => {
    const s = plainFigures(suppressSmallCells(figures));
    expect(s.received.total).toBe(25);
    expect(s.received.byChannel).toEqual({ web: 22, phone: SMALL_CELL });
    expect(s.received.byCategory.product).toBe(5);
    expect(s.confirmedWithin24h).toEqual({ numerator: 20, denominator: 22, percent: 90.9 });
    expect(s.responseWithin5WorkingDays.feedback).toEqual({ numerator: SMALL_CELL, denominator: 6, percent: SMALL_CELL });
    expect(s.workingDaysToResponse.feedback).toEqual({ cases: 5, median: 4, p90: 5.6 });
    expect(s.objections.upheld).toEqual({ numerator: SMALL_CELL, denominator: SMALL_CELL, percent: SMALL_CELL });
    expect(s.openByAge.buckets.map((b) => b.cases)).toEqual([0, 0, SMALL_CELL, 6, SMALL_CELL]);
    expect(s.rootCauses.items[0]).toMatchObject({ cases: SMALL_CELL, percent: SMALL_CELL, cumulativePercent: SMALL_CELL });
    expect(s.satisfaction.average).toBe(4); // over 7 answers
    expect(s.satisfaction.distribution).toEqual({ 1: 0, 2: SMALL_CELL, 3: SMALL_CELL, 4: SMALL_CELL, 5: SMALL_CELL });
    // The exact figures are untouched.
    expect(figures.received.byChannel.phone.n).toBe(3);
  });

  test('every figure has a definition in Dutch and English', () => {
    expect(Object.keys(plainFigures(figures)).filter((k) => !['period', 'filters', 'asOf', 'calendarVersion'].includes(k)))
      .toEqual([...FIGURE_NAMES]);
    for (const name of FIGURE_NAMES) {
      expect(FIGURE_DEFINITIONS[name].nl.length).toBeGreaterThan(80);
      expect(FIGURE_DEFINITIONS[name].en.length).toBeGreaterThan(80);
    }
  });
});

describe('npm run report', () => {
  function report(args: string[], env: NodeJS.ProcessEnv = {}) {
    return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'report.ts'), ...args], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: process.env.KF_TEST_DATABASE_URL, ...env },
    });
  }
  const AS_OF = ['--as-of', '2032-05-27T12:00:00+02:00'];

  test('--json: one object, the figure names as keys', () => {
    const run = report(['--from', '2032-04-01', '--to', '2032-04-30', ...AS_OF, '--json', '--exact']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['period', 'filters', 'asOf', 'calendarVersion', 'smallCellsSuppressed', ...FIGURE_NAMES]);
    expect(json).toMatchObject({
      period: { kind: 'range', from: '2032-04-01', to: '2032-04-30' },
      asOf: '2032-05-27T10:00:00.000Z',
      smallCellsSuppressed: false,
      received: { total: 25, byType: { complaint: 18, feedback: 7 } },
      responseWithin5WorkingDays: { complaint: { numerator: 11, denominator: 17, percent: 64.7 } },
      workingDaysToSettlement: { cases: 9, median: 13, p90: 31.8 },
    });
    // Without --exact, as in the governance report.
    const suppressed = JSON.parse(report(['--month', '2032-04', ...AS_OF, '--json']).stdout) as ReturnType<typeof plainFigures>;
    expect(suppressed.received.byChannel).toEqual({ web: 22, phone: '< 5' });
    expect(suppressed.period).toMatchObject({ kind: 'month', value: '2032-04' });
  });

  test('filters on the command line', () => {
    const run = report(['--month', '2032-04', ...AS_OF, '--json', '--exact', '--type', 'complaint', '--category', 'billing', '--channel', 'web']);
    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as ReturnType<typeof plainFigures>;
    expect(json.filters).toEqual({ caseType: 'complaint', category: 'billing', channel: 'web' });
    expect(json.received.total).toBe(3); // K01 K02 K14
  });

  test('a readable Dutch table with the definitions', () => {
    const run = report(['--month', '2032-04', ...AS_OF]);
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toContain('Klachtflow: analyse over april 2032 (2032-04-01 t/m 2032-04-30)');
    expect(out).toContain('Peildatum: 27 mei 2032 om 12:00');
    expect(out).toMatch(/\n {2}totaal {2,}25\n {2}klachten {2,}18\n {2}feedback {2,}7\n/);
    expect(out).toMatch(/\nBevestigd binnen 24 uur {2,}90,9% {2}\(20 van 22\)\n/);
    expect(out).toMatch(/\n {2}feedback {2,}< 5 {2}\(< 5 van 6\)\n/);
    expect(out).toMatch(/\nWerkdagen tot de uitkomst {2,}mediaan 13, 90e percentiel 31,8 {2}\(9 meldingen\)\n/);
    expect(out).toMatch(/\n {2}kanaal: telefoon {2,}< 5\n/);
    expect(out).toContain('\nDefinities\n');
    expect(out).toContain('\n  Herhaalde klagers\n    Klachten uit de periode van een klant');
  });

  test('a period without cases prints zeros and "geen gegevens", exit 0', () => {
    const run = report(['--year', '2033', ...AS_OF]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\nBevestigd binnen 24 uur {2,}geen gegevens\n/);
    expect(run.stdout).toMatch(/\n {2}totaal {2,}0\n/);
  });

  test.each([
    [['--from', '2032-05-01', '--to', '2032-04-01'], 'De begindatum (2032-05-01) ligt na de einddatum (2032-04-01).'],
    [['--from', '2026-01-01', '--to', '2031-01-01'], 'is langer dan 5 jaar'],
    [['--from', '2032-02-30', '--to', '2032-03-31'], '"2032-02-30" is geen geldige datum'],
    [['--month', '2032-13'], '"2032-13" is geen maand'],
    [['--quarter', '2032-Q5'], '"2032-Q5" is geen kwartaal'],
    [['--week', '2032-14'], "Unknown option '--week'"],
    [['--month', '2032-04', '--category', 'facturen'], 'Onbekende categorie "facturen"'],
    [['--month', '2032-04', '--type', 'klacht'], 'Onbekende soort melding "klacht"'],
    [['--month', '2032-04', '--channel', 'email'], 'Onbekend'],
    [['--month', '2032-04', '--year', '2032'], 'Geef één periode'],
    [['--month', '2032-04', '--from', '2032-04-01'], 'niet allebei'],
    [['--from', '2032-04-01'], 'De einddatum ontbreekt'],
    [[], 'Kies een periode'],
    [['--month', '2032-04', '--as-of', 'gisteren'], 'geen tijdstip met tijdzone'],
  ])('bad input %j: exit 2 with the reason', (args, reason) => {
    const run = report(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(reason);
    expect(run.stderr).toContain('usage: npm run report');
    expect(run.stdout).toBe('');
  });
});
