/**
 * The daily continuous analysis over cases made for the test (in 2034, which no other test uses),
 * measured on Wednesday 15 March 2034 06:00 (ISO week 2034-W11); counted by hand:
 * - billing: 6 cases in the last 7 days (Thu 9 .. Tue 14 March), 4 in the 8 weeks before
 *   (0.5 a week): a spike. Malfunction: 5 in the last 7 days, 24 before (3 a week, twice is 6): none.
 * - the response deadlines: product cases received Thu 16 Feb .. Mon 6 Mar fall due in the last 4
 *   weeks, 4 of the 6 unanswered (66.7%); every case due in the 8 weeks before was answered in
 *   time (0%): a rising breach rate.
 * - trouw@example.nl complained on 1 June and 1 December 2033 and on Fri 10 March 2034: a third
 *   complaint within 12 months. twee@example.nl has a second one only.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { createAnalysisActivities } from '../../activities/analysis';
import { detectFindings } from '../../src/analysis/findings';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import type { Sql } from '../../src/db/db';
import { insertAnalysisCase, removeAnalysisCases, type AnalysisCase } from '../support/analysisCases';
import { testDatabase } from '../support/env';

let sql: Sql;
const calendar = new WorkingDayCalendar();
const cases: AnalysisCase[] = [];
const AS_OF = new Date('2034-03-15T06:00:00+01:00');

function add(n: number, o: Omit<AnalysisCase, 'reference' | 'caseType' | 'channel'> & { caseType?: AnalysisCase['caseType'] }): string[] {
  return Array.from({ length: n }, () => {
    const reference = `KL-SIG-${cases.length.toString().padStart(4, '0')}`;
    cases.push({ caseType: 'complaint', channel: 'web', ...o, reference });
    return reference;
  });
}
const day = (date: string) => `${date}T10:00:00+01:00`;
const answered = (date: string) => ({ receivedAt: day(date), respondedAt: `${date}T15:00:00+01:00` });

beforeAll(async () => {
  sql = testDatabase();
  for (const date of ['2034-03-09', '2034-03-10', '2034-03-13', '2034-03-13', '2034-03-14', '2034-03-14']) add(1, { category: 'billing', receivedAt: day(date) });
  for (const date of ['2034-01-12', '2034-01-13', '2034-01-16', '2034-01-17']) add(1, { category: 'billing', ...answered(date) });
  for (const date of ['2034-03-09', '2034-03-10', '2034-03-13', '2034-03-14', '2034-03-14']) add(1, { category: 'malfunction', receivedAt: day(date) });
  add(12, { category: 'malfunction', ...answered('2034-01-12') });
  add(12, { category: 'malfunction', ...answered('2034-01-13') });
  for (const [i, date] of ['2034-02-16', '2034-02-20', '2034-02-23', '2034-02-27', '2034-03-02', '2034-03-06'].entries()) {
    add(1, { category: 'product', ...(i < 2 ? answered(date) : { receivedAt: day(date) }) });
  }
  for (const date of ['2034-01-09', '2034-01-16', '2034-01-23', '2034-01-30', '2034-02-06']) add(1, { category: 'product', ...answered(date) });
  add(1, { category: 'other', email: 'trouw@example.nl', ...answered('2033-06-01') });
  add(1, { category: 'other', email: 'Trouw@Example.nl', ...answered('2033-12-01') });
  add(1, { category: 'other', email: 'trouw@example.nl', receivedAt: day('2034-03-10') });
  add(1, { category: 'other', email: 'twee@example.nl', ...answered('2033-09-01') });
  add(1, { category: 'other', email: 'twee@example.nl', receivedAt: day('2034-03-13') });
  await removeAnalysisCases(sql, cases.map((c) => c.reference));
  await sql`DELETE FROM tasks WHERE event_key LIKE '%2034-W11%' OR reference LIKE 'KL-SIG-%'`;
  for (const c of cases) await insertAnalysisCase(sql, calendar, c);
});

afterAll(async () => {
  await sql`DELETE FROM tasks WHERE event_key LIKE '%2034-W11%' OR reference LIKE 'KL-SIG-%'`;
  await removeAnalysisCases(sql, cases.map((c) => c.reference));
  await sql.end();
});

test('the findings of the day, counted by hand', async () => {
  const third = cases.find((c) => c.receivedAt === day('2034-03-10') && c.email === 'trouw@example.nl')!.reference;
  expect(await detectFindings(sql, AS_OF)).toEqual([
    { key: 'category-spike:billing:2034-W11', kind: 'category-spike', category: 'billing', count: 6, weeklyAverage: 0.5 },
    { key: 'breach-rate:2034-W11', kind: 'breach-rate', recentPercent: 66.7, previousPercent: 0, recentLate: 4, recentCases: 6 },
    { key: `repeat-complainant:${third}`, kind: 'repeat-complainant', reference: third, earlier: 2 },
  ]);
});

test('each finding becomes one coordinator task, not one a day', async () => {
  const activities = createAnalysisActivities({ sql });
  const env = new MockActivityEnvironment();
  expect(await env.run(activities.runContinuousAnalysis, { asOf: AS_OF.toISOString() })).toEqual({ findings: 3, newTasks: 3 });
  // The next morning (same ISO week): the same findings, no new tasks.
  expect(await env.run(activities.runContinuousAnalysis, { asOf: '2034-03-16T05:00:00.000Z' })).toEqual({ findings: 3, newTasks: 0 });
  const tasks = await sql<{ reference: string | null; title: string; role: string }[]>`
    SELECT reference, title, role FROM tasks WHERE event_key LIKE '%2034-W11%' OR (reference LIKE 'KL-SIG-%' AND kind = 'finding') ORDER BY id`;
  expect(tasks.map((t) => [t.reference === null, t.role, t.title])).toEqual([
    [true, 'coordinator', 'Signaal: 6 meldingen over factuur en betaling in de week tot woensdag 15 maart 2034, ruim twee keer het gemiddelde (0,5 per week)'],
    [true, 'coordinator', 'Signaal: 66,7% van de reacties in de laatste 4 weken was te laat (de 8 weken ervoor: 0%)'],
    [false, 'coordinator', expect.stringMatching(/^Signaal: KL-SIG-\d{4} is de derde klacht van deze klant binnen 12 maanden$/)],
  ]);
});
