/**
 * Continuous analysis (procedure promise 5): what a coordinator must hear about without asking,
 * looked for every day over the read model. Each finding has a key that stays the same for as long
 * as it describes the same thing, so a daily run raises it once:
 * - a category whose volume in the last 7 days is at least 5 and at least twice its average over
 *   the 8 weeks before (key per category and ISO week);
 * - a rising breach rate: of the cases whose 5-working-day deadline fell in the last 4 weeks, the
 *   share answered late (or not at all) is at least 10 points above that of the 8 weeks before,
 *   with at least 3 late (key per ISO week);
 * - a customer's third complaint within 12 months (same email address, case-insensitive, or
 *   customer number), received in the last 7 days (key per complaint).
 */
import { getISOWeek, getISOWeekYear } from 'date-fns';
import { amsterdamDate } from '../calendar/workingDays';
import type { Sql } from '../db/db';

export type Finding =
  | { key: string; kind: 'category-spike'; category: string; count: number; weeklyAverage: number }
  | { key: string; kind: 'breach-rate'; recentPercent: number; previousPercent: number; recentLate: number; recentCases: number }
  | { key: string; kind: 'repeat-complainant'; reference: string; earlier: number };

const DAY = 86_400_000;
export const SPIKE = { minimum: 5, factor: 2, weeks: 8 };
export const BREACH_RATE = { recentWeeks: 4, previousWeeks: 8, risePoints: 10, minimumLate: 3 };

/** "2026-W48": the Amsterdam date's ISO week, the same on every host. */
export function isoWeek(at: Date): string {
  const day = new Date(`${amsterdamDate(at)}T12:00:00Z`);
  return `${getISOWeekYear(day)}-W${String(getISOWeek(day)).padStart(2, '0')}`;
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);

export async function detectFindings(sql: Sql, asOf: Date): Promise<Finding[]> {
  const week = isoWeek(asOf);
  const weekStart = new Date(asOf.getTime() - 7 * DAY);
  const findings: Finding[] = [];

  const volumes = await sql<{ category: string; recent: number; before: number }[]>`
    SELECT category, count(*) FILTER (WHERE received_at >= ${weekStart})::int AS recent,
      count(*) FILTER (WHERE received_at < ${weekStart})::int AS before
    FROM cases WHERE received_at >= ${new Date(weekStart.getTime() - SPIKE.weeks * 7 * DAY)} AND received_at < ${asOf}
    GROUP BY category`;
  for (const v of volumes) {
    const weeklyAverage = Math.round((10 * v.before) / SPIKE.weeks) / 10;
    if (v.recent >= SPIKE.minimum && v.recent >= SPIKE.factor * (v.before / SPIKE.weeks)) {
      findings.push({ key: `category-spike:${v.category}:${week}`, kind: 'category-spike', category: v.category, count: v.recent, weeklyAverage });
    }
  }

  const recentStart = new Date(asOf.getTime() - BREACH_RATE.recentWeeks * 7 * DAY);
  const previousStart = new Date(recentStart.getTime() - BREACH_RATE.previousWeeks * 7 * DAY);
  const [rate] = await sql<{ recent: number; recentLate: number; previous: number; previousLate: number }[]>`
    SELECT count(*) FILTER (WHERE response_due >= ${recentStart})::int AS recent,
      count(*) FILTER (WHERE response_due >= ${recentStart} AND (responded_at IS NULL OR responded_at > response_due))::int AS "recentLate",
      count(*) FILTER (WHERE response_due < ${recentStart})::int AS previous,
      count(*) FILTER (WHERE response_due < ${recentStart} AND (responded_at IS NULL OR responded_at > response_due))::int AS "previousLate"
    FROM cases WHERE response_due >= ${previousStart} AND response_due < ${asOf}
      -- Withdrawn before the deadline without a response: that deadline never came.
      AND (closure IS DISTINCT FROM 'withdrawn' OR responded_at IS NOT NULL OR closed_at > response_due)`;
  const recentPercent = percent(rate!.recentLate, rate!.recent);
  const previousPercent = percent(rate!.previousLate, rate!.previous);
  if (rate!.recentLate >= BREACH_RATE.minimumLate && recentPercent >= previousPercent + BREACH_RATE.risePoints) {
    findings.push({ key: `breach-rate:${week}`, kind: 'breach-rate', recentPercent, previousPercent, recentLate: rate!.recentLate, recentCases: rate!.recent });
  }

  const repeats = await sql<{ reference: string; earlier: number }[]>`
    SELECT c.reference, (SELECT count(*)::int FROM cases p WHERE p.case_type = 'complaint' AND p.reference <> c.reference
        AND p.received_at < c.received_at AND p.received_at >= c.received_at - interval '12 months'
        AND ((c.email IS NOT NULL AND lower(p.email) = lower(c.email)) OR (c.customer_number IS NOT NULL AND p.customer_number = c.customer_number))
      ) AS earlier
    FROM cases c WHERE c.case_type = 'complaint' AND c.received_at >= ${weekStart} AND c.received_at < ${asOf}`;
  for (const r of repeats.filter((x) => x.earlier >= 2)) {
    findings.push({ key: `repeat-complainant:${r.reference}`, kind: 'repeat-complainant', reference: r.reference, earlier: r.earlier });
  }
  return findings;
}
