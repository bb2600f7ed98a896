/**
 * The bench of the admin case list (src/db/caseList.ts): each filter of the list, a page of 50
 * plus the count of matches.
 */
import { WorkingDayCalendar } from '../src/calendar/workingDays';
import { listCases, type CaseListFilter } from '../src/db/caseList';
import type { Sql } from '../src/db/db';
import { time, type Timing } from './timing';

export async function benchCaseList(sql: Sql, runs: number): Promise<{ name: string; extra: string; timing: Timing }[]> {
  const dueBefore = new WorkingDayCalendar().addWorkingDays(new Date(), 5).deadline;
  const year = new Date().getUTCFullYear();
  // An address in the middle of the cases (a one-off customer's).
  const [count] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases`;
  const found = await sql<{ email: string }[]>`
    SELECT email FROM cases WHERE email LIKE 'klant%' ORDER BY received_at DESC OFFSET ${Math.min(54_321, Math.floor(count!.n / 2))} LIMIT 1`;
  const email = found[0]?.email ?? 'klant1@example.nl';
  const filters: [string, CaseListFilter, number][] = [
    ['all, first page', {}, 1],
    ['all, page 100', {}, 100],
    ['status = in-progress', { status: 'in-progress' }, 1],
    ['type + channel + category', { caseType: 'complaint', channel: 'phone', category: 'billing' }, 1],
    ['handler', { handler: 'behandelaar7@ccv.test' }, 1],
    ['due within 5 working days', { dueBefore }, 1],
    ['overdue', { overdue: true }, 1],
    ['breached', { breached: true }, 1],
    ['objected', { objected: true }, 1],
    ['search: reference prefix', { q: `KL-${year}-0123` }, 1],
    ['search: name fragment', { q: 'Visser' }, 1],
    ['search: email', { q: email }, 1],
  ];
  const rows: { name: string; extra: string; timing: Timing }[] = [];
  for (const [name, filter, page] of filters) {
    let total = 0;
    const timing = await time(async () => { total = (await listCases(sql, filter, page)).total; }, runs);
    rows.push({ name, extra: String(total), timing });
  }
  return rows;
}
