/**
 * The bench's data: BENCH_CASES cases received over the five years up to now (1,000,000: about
 * 17,000 a month), written with generate_series in a few statements, with every column the case
 * list and the analysis read filled as the workflow's projection fills them:
 *
 * - a tenth feedback, a fifth by phone (half of those without an email address), six categories;
 * - deadlines from the working-day calendar of src/calendar (acknowledgement receipt + 24 h,
 *   response end of working day 5, a complaint's outcome end of working day 34), and the working
 *   days to the response and the outcome counted on the same calendar;
 * - confirmations within minutes (2% after a day, 1% never), 88% of responses within 5 working
 *   days, 40% of complaints answered with their outcome, 92% of outcomes within 34 working days,
 *   complex cases, 3% withdrawn, breaches recorded where a deadline passed, justified and a root
 *   cause with each outcome, objections (6%, 30% upheld, some decided late), closure after the
 *   30-day objection window or on acceptance;
 * - repeat complainants: 15% of cases come from 20,000 regular customers (email in mixed case
 *   and a customer number), the rest from one-off customers;
 * - satisfaction answers from a quarter of those asked; improvement actions with 3% of outcomes,
 *   most done;
 * - nothing after now: an event that would lie in the future has not happened yet, so recent
 *   cases are open, awaiting their response or outcome.
 *
 * References are numbered per prefix and year of receipt, as src/domain/reference.ts makes them
 * (KL-2026-000001); at most 999,999 per prefix and year.
 */
import { addDaysToDate, amsterdamDate, WorkingDayCalendar } from '../src/calendar/workingDays';
import type { Sql } from '../src/db/db';
import { DEFAULT_POLICY } from '../src/domain/policy';

export const YEARS = 5;

/** Deterministic: the same cases for the same count and the same day. */
const SEED = 0.42;

export async function seed(sql: Sql, cases: number, now: Date): Promise<void> {
  const calendar = new WorkingDayCalendar();
  await sql`CREATE OR REPLACE FUNCTION nullif_future(t timestamptz, now timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN t <= now THEN t END $$`;
  const first = new Date(now);
  first.setUTCFullYear(first.getUTCFullYear() - YEARS);

  // The working-day calendar as a table: each date with the number of working days up to and
  // including it. The Nth working day after date d is the working day numbered idx(d) + N, and
  // calendar.workingDaysBetween(d, e) is idx(e) - idx(d).
  const days: { day: string; idx: number; working: boolean }[] = [];
  let idx = 0;
  const last = addDaysToDate(amsterdamDate(now), 200);
  for (let day = addDaysToDate(amsterdamDate(first), -1); day <= last; day = addDaysToDate(day, 1)) {
    const working = !calendar.dayOff(day);
    if (working) idx += 1;
    days.push({ day, idx, working });
  }
  await sql`DROP TABLE IF EXISTS bench_days, bench_draws, bench_cases`;
  await sql`CREATE UNLOGGED TABLE bench_days (day date PRIMARY KEY, idx integer NOT NULL, working boolean NOT NULL)`;
  for (let i = 0; i < days.length; i += 1000) await sql`INSERT INTO bench_days ${sql(days.slice(i, i + 1000))}`;
  await sql`CREATE INDEX ON bench_days (idx) WHERE working`;

  // The draws: one row per case, every random number it needs (setseed: the same each run).
  await sql.begin(async (tx) => {
    await tx`SELECT setseed(${SEED})`;
    await tx.unsafe(`
      CREATE UNLOGGED TABLE bench_draws AS
      SELECT x.i, x.received_at, d.idx AS d_idx,
        x.received_at AT TIME ZONE 'Europe/Amsterdam' AS local_received,
        random() < 0.10 AS feedback,
        random() < 0.20 AS phone,
        random() AS r_email,
        (ARRAY['product','malfunction','delivery','billing','service','other'])[1 + floor(random() * 6)::int] AS category,
        random() < 0.03 AS withdrawn,
        random() * 6 AS withdraw_days,
        random() AS r_ack,
        random() AS r_response,
        1 + floor(random() * 5)::int AS k_in_time,
        6 + floor(random() * 7)::int AS k_late,
        random() < 0.40 AS outcome_is_response,
        random() AS r_outcome,
        random() AS r_outcome_days,
        random() AS r_complex,
        random() AS r_justified,
        random() AS r_root,
        random() AS r_objection,
        1 + random() * 28 AS objection_days,
        3 + random() * 17 AS decision_days,
        random() < 0.30 AS upheld,
        random() AS r_accept,
        random() * 8 AS response_hour,
        random() * 8 AS outcome_hour,
        random() AS r_satisfaction,
        random() AS r_score,
        1 + random() * 71 AS satisfaction_hours,
        random() AS r_action,
        random() AS r_action_done,
        5 + random() * 40 AS action_days,
        floor(random() * 20000)::int AS regular,
        random() < 0.4 AS with_customer_number
      FROM (
        SELECT i, ${timestamp(first)}::timestamptz + (i - 1 + random()) * (${timestamp(now)}::timestamptz - ${timestamp(first)}::timestamptz) / ${cases} AS received_at
        FROM generate_series(1, ${cases}) AS i
      ) x
      JOIN bench_days d ON d.day = (x.received_at AT TIME ZONE 'Europe/Amsterdam')::date`);
  });

  // The timeline of each case, before "now" is applied.
  const workday = (n: string) => `(SELECT day FROM bench_days WHERE working AND idx = ${n})`;
  const endOfDay = (day: string) => `(((${day}) + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam' - interval '1 millisecond')`;
  const atHour = (day: string, hours: string) => `(((${day})::timestamp + interval '9 hours' + ${hours} * interval '1 hour') AT TIME ZONE 'Europe/Amsterdam')`;
  await sql.unsafe(`
    CREATE UNLOGGED TABLE bench_cases AS
    SELECT t.*,
      CASE WHEN NOT t.withdrawn AND t.case_type = 'complaint' AND t.objection THEN t.resolved_at + t.objection_days * interval '1 day' END AS objected_at_all,
      CASE WHEN t.withdrawn THEN t.received_at + t.withdraw_days * interval '1 day'
           WHEN t.case_type = 'feedback' THEN t.responded_at_all
           WHEN t.objection THEN t.resolved_at + (t.objection_days + t.decision_days) * interval '1 day'
           WHEN t.r_accept < 0.2 THEN t.resolved_at + (1 + 2 * t.r_accept / 0.2) * interval '1 day'
           ELSE ${endOfDay(`(t.resolved_at AT TIME ZONE 'Europe/Amsterdam')::date + 30`)} END AS closed_at_all
    FROM (
      SELECT b.*,
        CASE WHEN b.withdrawn THEN NULL ELSE ${atHour(workday('b.d_idx + b.k_response'), 'b.response_hour')} END AS responded_at_all,
        CASE WHEN b.withdrawn OR b.case_type = 'feedback' THEN NULL
             WHEN b.outcome_is_response THEN ${atHour(workday('b.d_idx + b.k_response'), 'b.response_hour')}
             ELSE ${atHour(workday('b.d_idx + b.k_outcome'), 'b.outcome_hour')} END AS resolved_at,
        ${endOfDay(workday('b.d_idx + 5'))} AS response_due,
        CASE WHEN b.case_type = 'complaint' THEN ${endOfDay(workday('b.d_idx + 34'))} END AS resolution_due
      FROM (
        SELECT d.*,
          CASE WHEN d.feedback THEN 'feedback' ELSE 'complaint' END AS case_type,
          CASE WHEN d.r_response < 0.88 THEN d.k_in_time ELSE d.k_late END AS k_response,
          CASE WHEN d.r_outcome < 0.92 THEN greatest(CASE WHEN d.r_response < 0.88 THEN d.k_in_time ELSE d.k_late END + 1,
                                                     2 + floor(d.r_outcome_days * 33)::int)
               ELSE 35 + floor(d.r_outcome_days * 16)::int END AS k_outcome,
          d.r_objection < 0.06 AS objection
        FROM bench_draws d
      ) b
    ) t`);
  await sql`DROP TABLE bench_draws`;

  // The cases as the projection writes them at now: what lies after now has not happened. In one
  // statement, without the trigger that counts each day's changes for the analysis (it would keep
  // all million rows aside for one count per day; every day starts with no change counted, as
  // after the migration).
  const at = timestamp(now);
  await sql`ALTER TABLE cases DISABLE TRIGGER cases_day_changes_insert`;
  await sql.unsafe(`
    INSERT INTO cases (reference, case_type, channel, language, status, name, email, phone, customer_number, category,
      description, received_at, calendar_version, deadlines, policy, workflow_started_at, created_at, updated_at,
      status_token_hash, handler, next_deadline, breaches, closure, closed_at, projected_seq,
      acknowledged_at, responded_at, resolved_at, acknowledgement_due, response_due, resolution_due,
      working_days_to_response, working_days_to_resolution, complex, objected_at, objection_upheld, justified, root_cause)
    SELECT
      CASE WHEN c.case_type = 'feedback' THEN 'FB' ELSE 'KL' END || '-' || extract(year FROM c.local_received) || '-'
        || lpad(row_number() OVER (PARTITION BY c.case_type, extract(year FROM c.local_received) ORDER BY c.i)::text, 6, '0'),
      c.case_type, c.channel, CASE WHEN c.i % 7 = 0 THEN 'en' ELSE 'nl' END,
      CASE WHEN c.closed_at IS NOT NULL THEN 'closed' WHEN c.objected_at IS NOT NULL THEN 'objected'
           WHEN c.resolved_at_now IS NOT NULL THEN 'resolved' WHEN c.responded_at IS NOT NULL THEN 'responded'
           WHEN c.acknowledged_at IS NOT NULL OR c.channel = 'phone' THEN 'in-progress' ELSE 'received' END,
      'Klant ' || c.i || ' ' || (ARRAY['de Vries','Jansen','Bakker','Visser','Smit','Meijer','de Boer','Mulder'])[1 + c.i % 8],
      c.email,
      CASE WHEN c.channel = 'phone' THEN '06' || lpad((c.i % 100000000)::text, 8, '0') END,
      c.customer_number, c.category,
      'Omschrijving van melding ' || c.i || '. ' || repeat('De bestelling kwam te laat en de klantenservice belde niet terug. ', 1 + c.i % 12),
      c.received_at, '${calendar.version}',
      jsonb_build_object('calendarVersion', '${calendar.version}', 'acknowledgementDue', c.acknowledgement_due,
        'substantiveResponseDue', c.response_due, 'resolutionDue', c.resolution_due),
      '${JSON.stringify(DEFAULT_POLICY)}'::jsonb,
      c.received_at + interval '1 second', c.received_at, greatest(c.received_at, c.closed_at, c.objected_at, c.resolved_at_now, c.responded_at),
      encode(sha256(('bench-' || c.i)::bytea), 'hex'),
      'behandelaar' || (c.i % 25) || '@ccv.test',
      CASE WHEN c.closed_at IS NOT NULL THEN NULL
           WHEN c.responded_at IS NULL THEN c.response_due
           WHEN c.resolved_at_now IS NULL THEN c.resolution_due
           WHEN c.objected_at IS NOT NULL THEN c.objected_at + interval '14 days' END,
      array_remove(ARRAY[
        CASE WHEN c.email IS NOT NULL AND c.ack_kind = 'late' AND c.acknowledgement_due <= ${at} THEN 'acknowledgement-overdue' END,
        CASE WHEN c.email IS NOT NULL AND c.ack_kind = 'never' AND c.acknowledgement_due <= ${at} THEN 'acknowledgement-failed' END,
        CASE WHEN c.response_due <= ${at} AND (c.responded_at IS NULL OR c.responded_at > c.response_due)
              AND NOT (c.withdrawn AND c.closed_at <= c.response_due) THEN 'substantive-response-overdue' END,
        CASE WHEN c.resolution_due <= ${at} AND (c.resolved_at_now IS NULL OR c.resolved_at_now > c.resolution_due)
              AND NOT (c.withdrawn AND c.closed_at <= c.resolution_due) THEN 'resolution-overdue' END,
        CASE WHEN c.objected_at IS NOT NULL AND c.decision_days > 14 AND c.objected_at + interval '14 days' <= ${at}
              THEN 'objection-review-overdue' END
      ], NULL),
      CASE WHEN c.closed_at IS NULL THEN NULL WHEN c.withdrawn THEN 'withdrawn' WHEN c.case_type = 'feedback' THEN 'answered'
           WHEN c.objected_at IS NOT NULL THEN 'objection-decided' WHEN c.r_accept < 0.2 THEN 'accepted' ELSE 'no-objection' END,
      c.closed_at, 10,
      c.acknowledged_at, c.responded_at, c.resolved_at_now, c.acknowledgement_due, c.response_due, c.resolution_due,
      CASE WHEN c.responded_at IS NOT NULL THEN (SELECT idx FROM bench_days WHERE day = (c.responded_at AT TIME ZONE 'Europe/Amsterdam')::date) - c.d_idx END,
      CASE WHEN c.resolved_at_now IS NOT NULL THEN (SELECT idx FROM bench_days WHERE day = (c.resolved_at_now AT TIME ZONE 'Europe/Amsterdam')::date) - c.d_idx END,
      c.case_type = 'complaint' AND (c.r_complex < 0.02 OR (c.k_outcome > 28 AND c.r_complex < 0.5)),
      c.objected_at,
      CASE WHEN c.objected_at IS NOT NULL AND c.closed_at IS NOT NULL THEN c.upheld END,
      CASE WHEN c.resolved_at_now IS NULL THEN NULL WHEN c.r_justified < 0.30 THEN 'justified' WHEN c.r_justified < 0.50 THEN 'partly'
           WHEN c.r_justified < 0.95 THEN 'unjustified' END,
      CASE WHEN c.resolved_at_now IS NULL THEN NULL WHEN c.r_root < 0.25 THEN 'product' WHEN c.r_root < 0.45 THEN 'communication'
           WHEN c.r_root < 0.63 THEN 'delivery' WHEN c.r_root < 0.78 THEN 'billing' WHEN c.r_root < 0.88 THEN 'process'
           WHEN c.r_root < 0.93 THEN 'staff-conduct' WHEN c.r_root < 0.96 THEN 'external-party' END
    FROM (
      SELECT t.*,
        CASE WHEN t.phone THEN 'phone' ELSE 'web' END AS channel,
        CASE WHEN t.r_email < 0.15 THEN (ARRAY['Vaste', 'vaste', 'VASTE'])[1 + t.i % 3] || t.regular || '@Example.nl'
             WHEN t.phone AND t.r_email < 0.575 THEN NULL
             ELSE 'klant' || t.i || '@example.nl' END AS email,
        CASE WHEN t.r_email < 0.15 THEN 'KN-' || t.regular WHEN t.with_customer_number THEN 'KN-' || (100000 + t.i) END AS customer_number,
        CASE WHEN t.r_ack < 0.97 THEN 'ok' WHEN t.r_ack < 0.99 THEN 'late' ELSE 'never' END AS ack_kind,
        t.received_at + interval '24 hours' AS acknowledgement_due,
        CASE WHEN t.phone AND t.r_email >= 0.15 AND t.r_email < 0.575 THEN NULL
             WHEN t.r_ack < 0.97 THEN nullif_future(t.received_at + (1 + t.r_ack * 9) * interval '1 minute', ${at})
             WHEN t.r_ack < 0.99 THEN nullif_future(t.received_at + (25 + t.r_ack * 20) * interval '1 hour', ${at}) END AS acknowledged_at,
        nullif_future(t.responded_at_all, ${at}) AS responded_at,
        nullif_future(t.resolved_at, ${at}) AS resolved_at_now,
        nullif_future(t.objected_at_all, ${at}) AS objected_at,
        nullif_future(t.closed_at_all, ${at}) AS closed_at
      FROM bench_cases t
    ) c
    ORDER BY c.i`);
  await sql`ALTER TABLE cases ENABLE TRIGGER cases_day_changes_insert`;
  // The next case an intake stores is numbered after the seeded ones of its type and year.
  await sql`
    INSERT INTO reference_counters (prefix, year, last)
    SELECT split_part(reference, '-', 1), split_part(reference, '-', 2)::int, max(split_part(reference, '-', 3)::int)
    FROM cases GROUP BY 1, 2
    ON CONFLICT (prefix, year) DO UPDATE SET last = greatest(reference_counters.last, excluded.last)`;

  // Satisfaction: a quarter of those asked (closed, not withdrawn, with an email address) answer.
  await sql.unsafe(`
    INSERT INTO satisfaction (reference, score, created_at)
    SELECT reference, CASE WHEN r < 0.10 THEN 1 WHEN r < 0.20 THEN 2 WHEN r < 0.40 THEN 3 WHEN r < 0.75 THEN 4 ELSE 5 END, answered_at
    FROM (
      SELECT reference, (hashtext(reference) & 1023) / 1024.0 AS r,
        closed_at + (1 + (hashtext(reference || 'h') & 63)) * interval '1 hour' AS answered_at
      FROM cases
      WHERE closed_at IS NOT NULL AND closure <> 'withdrawn' AND email IS NOT NULL AND (hashtext(reference || 's') & 1023) < 256
    ) a
    WHERE answered_at <= ${at}`);

  // Improvement actions with 3% of the outcomes; 85% done.
  await sql.unsafe(`
    INSERT INTO improvement_actions (reference, event_key, text, owner, due_date, status, created_at, done_at, done_by)
    SELECT reference, 'bench-action', 'Verbeter de communicatie over levertijden.', 'kwaliteit@ccv.test',
      (resolved_at AT TIME ZONE 'Europe/Amsterdam')::date + 30,
      CASE WHEN done_at IS NULL THEN 'open' ELSE 'done' END, resolved_at, done_at,
      CASE WHEN done_at IS NOT NULL THEN 'kwaliteit@ccv.test' END
    FROM (
      SELECT reference, resolved_at,
        CASE WHEN (hashtext(reference || 'd') & 1023) < 870 THEN nullif_future(resolved_at + (5 + (hashtext(reference || 'n') & 31)) * interval '1 day', ${at}) END AS done_at
      FROM cases WHERE resolved_at IS NOT NULL AND (hashtext(reference || 'a') & 1023) < 31
    ) a`);
  await sql`DROP TABLE bench_cases, bench_days`;
  await sql`DROP FUNCTION nullif_future`;
}

const timestamp = (d: Date) => `'${d.toISOString()}'`;
