/**
 * The bench of the analysis (src/analysis/figures.ts), as its callers run it:
 * - the analysis page (src/web/admin/analysis.ts): the figures of a period and the 12-month trend
 *   to the month in which it ends, side by side, judged now;
 * - the governance report (activities/reports.ts, prepareGovernanceReport): the figures of the
 *   month just ended and the trend to that month, judged at the scheduled moment.
 *
 * Each is timed twice:
 * - warm, as on a running system: before each run (untimed) one new case comes in and three
 *   cases of the last eight weeks are written by the projection, so the counts of those days are
 *   counted again and the rest come from the counts kept in the process (src/analysis/dayCounts.ts);
 * - cold, as the first view after a restart: nothing kept.
 */
import { clearDayCounts } from '../src/analysis/dayCounts';
import { computeFigures, monthlyTrend } from '../src/analysis/figures';
import { periodContaining, periodJustEnded, type AnalysisFilters, type Period } from '../src/analysis/period';
import { WorkingDayCalendar } from '../src/calendar/workingDays';
import type { Sql } from '../src/db/db';
import { time, type Timing } from './timing';

export interface AnalysisRow {
  name: string;
  extra: string;
  timing: Timing;
  cold: Timing;
}

export async function benchAnalysis(sql: Sql, runs: number, coldRuns: number): Promise<AnalysisRow[]> {
  const calendar = new WorkingDayCalendar();
  const now = new Date();
  const month = periodContaining('month', now);
  const previous = periodJustEnded('monthly', now);
  const quarter = periodJustEnded('quarterly', now);
  const year = periodJustEnded('yearly', now);
  const page = (period: Period, filters: AnalysisFilters = {}) => () => {
    const at = new Date();
    return Promise.all([computeFigures(sql, calendar, period, filters, at), monthlyTrend(sql, calendar, period, filters, at)]);
  };
  // A monthly report runs on the first of the month (07:00 Amsterdam) for the month before.
  const scheduledAt = new Date(month.startsAt.getTime() + 7 * 3_600_000);
  const reportMonth = periodJustEnded('monthly', scheduledAt);
  const report = () => Promise.all([
    computeFigures(sql, calendar, reportMonth, {}, scheduledAt),
    monthlyTrend(sql, calendar, reportMonth.to.slice(0, 7), {}, scheduledAt),
  ]);
  const scenarios: [string, Period, () => Promise<unknown>][] = [
    [`page: month ${month.value} (current)`, month, page(month)],
    [`page: month ${previous.value}`, previous, page(previous)],
    [`page: month ${month.value}, complaints by web`, month, page(month, { caseType: 'complaint', channel: 'web' })],
    [`page: quarter ${quarter.value}`, quarter, page(quarter)],
    [`page: year ${year.value}`, year, page(year)],
    [`report: month ${reportMonth.value} (as of ${scheduledAt.toISOString().slice(0, 16)}Z)`, reportMonth, report],
  ];
  const rows: AnalysisRow[] = [];
  let written = 0;
  const writes = async () => {
    written += 1;
    await liveWrites(sql, written);
  };
  for (const [name, period, run] of scenarios) {
    const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM cases
      WHERE received_at >= ${period.startsAt} AND received_at < ${period.endsBefore}`;
    const cold = await time(run, coldRuns, 0, () => clearDayCounts(sql));
    const timing = await time(run, runs, 2, writes);
    rows.push({ name, extra: String(row?.n ?? 0), timing, cold });
  }
  return rows;
}

/**
 * What a running system writes between two views of the page: a new complaint, and three cases of
 * the last eight weeks written again by the projection (each write counts a change to its day).
 */
const LIVE = Math.floor(Math.random() * 90_000);

async function liveWrites(sql: Sql, n: number): Promise<void> {
  const year = new Date().getUTCFullYear();
  await sql`
    INSERT INTO cases (reference, case_type, channel, language, status, name, email, category, description, received_at,
      calendar_version, deadlines, acknowledgement_due, response_due, resolution_due, handler)
    VALUES (${`KL-${year}-${900_000 + ((LIVE + n) % 100_000)}`}, 'complaint', 'web', 'nl', 'received', ${`Klant live ${n}`},
      ${`live${n}@example.nl`}, 'billing', 'Een nieuwe klacht tijdens de bench.', now(), 'bench', '{}',
      now() + interval '24 hours', now() + interval '7 days', now() + interval '48 days', 'behandelaar1@ccv.test')
    ON CONFLICT (reference) DO NOTHING`;
  await sql`
    UPDATE cases SET updated_at = now(), projected_seq = projected_seq + 1
    WHERE reference IN (SELECT reference FROM cases TABLESAMPLE SYSTEM (1)
      WHERE received_at > now() - interval '56 days' LIMIT 3)`;
}
