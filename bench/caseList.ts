/**
 * The bench of the admin case list (src/db/caseList.ts): each filter of the list, a page of 50
 * plus the count of matches as the page counts them (up to COUNT_LIMIT: "500+" is more).
 */
import { WorkingDayCalendar } from '../src/calendar/workingDays';
import { listCases, otherCasesOf, type CaseListFilter } from '../src/db/caseList';
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
    let matches = '';
    const timing = await time(async () => {
      const { total, more } = await listCases(sql, filter, page);
      matches = more ? `${total}+` : String(total);
    }, runs);
    rows.push({ name, extra: matches, timing });
  }
  // The case page's "other cases of this customer": a regular customer (email, customer number and phone).
  const [regular] = await sql<{ reference: string; email: string | null; customerNumber: string | null; phone: string | null }[]>`
    SELECT reference, email, customer_number AS "customerNumber", phone FROM cases
    WHERE customer_number IS NOT NULL AND email IS NOT NULL ORDER BY received_at DESC LIMIT 1`;
  if (regular) {
    const withPhone = { ...regular, phone: regular.phone ?? '06-12345678' };
    let found = 0;
    const timing = await time(async () => { found = (await otherCasesOf(sql, withPhone, 'bench@ccv.test')).length; }, runs);
    rows.push({ name: 'case page: the customer\'s other cases', extra: String(found), timing });
  }
  return rows;
}
