import type { Language } from '../domain/case';
import type { GovernanceBody, GovernanceBodyInput, ReportSection } from '../reports/governance';
import { PREPARED, type Sql } from './db';

const BODY_COLUMNS = `id::int AS id, name, recipients, language, frequency, sections, send_hour AS "sendHour", active`;

export async function listGovernanceBodies(sql: Sql, o: { activeOnly?: boolean } = {}): Promise<GovernanceBody[]> {
  return sql.unsafe<GovernanceBody[]>(`SELECT ${BODY_COLUMNS} FROM governance_bodies ${o.activeOnly ? 'WHERE active' : ''} ORDER BY name`);
}

export async function getGovernanceBody(sql: Sql, id: number): Promise<GovernanceBody | undefined> {
  const [row] = await sql.unsafe<GovernanceBody[]>(`SELECT ${BODY_COLUMNS} FROM governance_bodies WHERE id = $1`, [id], PREPARED);
  return row;
}

/** Creates a body, or changes it when `id` is given; returns its id (undefined: no such body). */
export async function saveGovernanceBody(sql: Sql, b: GovernanceBodyInput, id?: number): Promise<number | undefined> {
  const rows = id === undefined
    ? await sql<{ id: number }[]>`
        INSERT INTO governance_bodies (name, recipients, language, frequency, sections, send_hour, active)
        VALUES (${b.name}, ${b.recipients}, ${b.language}, ${b.frequency}, ${b.sections}, ${b.sendHour}, ${b.active})
        RETURNING id::int AS id`
    : await sql<{ id: number }[]>`
        UPDATE governance_bodies SET name = ${b.name}, recipients = ${b.recipients}, language = ${b.language},
          frequency = ${b.frequency}, sections = ${b.sections}, send_hour = ${b.sendHour}, active = ${b.active}, updated_at = now()
        WHERE id = ${id} RETURNING id::int AS id`;
  return rows[0]?.id;
}

export interface StoredReport {
  id: number;
  bodyId: number;
  bodyName: string;
  periodFrom: string;
  periodTo: string;
  language: Language;
  sections: ReportSection[];
  figures: unknown;
  hasPdf: boolean;
  createdAt: Date;
  deliveries: { recipient: string; round: number; status: string; sentAt: Date | null }[];
}

/**
 * Stores a report once per body and period with its frozen figures; a second call for the same
 * body and period returns the stored report and leaves it as it was.
 */
export async function storeReport(sql: Sql, r: {
  bodyId: number; periodFrom: string; periodTo: string; language: Language; sections: ReportSection[]; figures: unknown;
}): Promise<{ id: number; created: boolean }> {
  const inserted = await sql<{ id: number }[]>`
    INSERT INTO governance_reports (body_id, period_from, period_to, language, sections, figures)
    VALUES (${r.bodyId}, ${r.periodFrom}, ${r.periodTo}, ${r.language}, ${r.sections}, ${sql.json(r.figures as never)})
    ON CONFLICT (body_id, period_from, period_to) DO NOTHING RETURNING id::int AS id`;
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const [existing] = await sql<{ id: number }[]>`
    SELECT id::int AS id FROM governance_reports WHERE body_id = ${r.bodyId} AND period_from = ${r.periodFrom} AND period_to = ${r.periodTo}`;
  return { id: existing!.id, created: false };
}

export async function savePdf(sql: Sql, reportId: number, pdf: Buffer): Promise<void> {
  await sql`UPDATE governance_reports SET pdf = ${pdf} WHERE id = ${reportId} AND pdf IS NULL`;
}

export async function reportPdf(sql: Sql, reportId: number): Promise<Buffer | undefined> {
  const [row] = await sql<{ pdf: Buffer | null }[]>`SELECT pdf FROM governance_reports WHERE id = ${reportId}`;
  return row?.pdf ?? undefined;
}

export async function getReport(sql: Sql, id: number): Promise<StoredReport | undefined> {
  return (await listReports(sql, { id }))[0];
}

export async function listReports(sql: Sql, o: { id?: number; limit?: number } = {}): Promise<StoredReport[]> {
  return sql<StoredReport[]>`
    SELECT r.id::int AS id, r.body_id::int AS "bodyId", b.name AS "bodyName", to_char(r.period_from, 'YYYY-MM-DD') AS "periodFrom",
      to_char(r.period_to, 'YYYY-MM-DD') AS "periodTo", r.language, r.sections, r.figures, r.pdf IS NOT NULL AS "hasPdf",
      r.created_at AS "createdAt",
      coalesce((SELECT json_agg(json_build_object('recipient', d.recipient, 'round', d.round, 'status', d.status, 'sentAt', d.sent_at)
        ORDER BY d.round, d.recipient) FROM governance_report_deliveries d WHERE d.report_id = r.id), '[]') AS deliveries
    FROM governance_reports r JOIN governance_bodies b ON b.id = r.body_id
    ${o.id !== undefined ? sql`WHERE r.id = ${o.id}` : sql``}
    ORDER BY r.period_to DESC, b.name LIMIT ${o.limit ?? 200}`;
}

/** The next resend round of a report (0 is the scheduled send). */
export async function nextRound(sql: Sql, reportId: number): Promise<number> {
  const [row] = await sql<{ round: number }[]>`
    SELECT coalesce(max(round), 0) + 1 AS round FROM governance_report_deliveries WHERE report_id = ${reportId}`;
  return row!.round;
}

export interface Delivery { id: number; status: 'pending' | 'sending' | 'sent' | 'stored' | 'failed' }

/** The delivery of a report to one recipient in one round, written before any send. */
export async function enqueueDelivery(sql: Sql, reportId: number, recipient: string, round: number): Promise<Delivery> {
  await sql`INSERT INTO governance_report_deliveries (report_id, recipient, round) VALUES (${reportId}, ${recipient}, ${round})
    ON CONFLICT (report_id, recipient, round) DO NOTHING`;
  const [row] = await sql<Delivery[]>`SELECT id::int AS id, status FROM governance_report_deliveries
    WHERE report_id = ${reportId} AND recipient = ${recipient} AND round = ${round}`;
  return row!;
}

/** Takes the right to send for `leaseSeconds`, as the outbox does: two attempts never send at once. */
export async function claimDelivery(sql: Sql, id: number, leaseSeconds: number): Promise<boolean> {
  const rows = await sql`UPDATE governance_report_deliveries SET status = 'sending', lease_until = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = ${id} AND (status = 'pending' OR (status = 'sending' AND lease_until < now())) RETURNING id`;
  return rows.length === 1;
}

export async function markDelivery(sql: Sql, id: number, status: 'sent' | 'stored' | 'pending' | 'failed', error?: string): Promise<void> {
  await sql`UPDATE governance_report_deliveries SET status = ${status}, attempts = attempts + 1, lease_until = NULL,
    last_error = ${error?.slice(0, 2000) ?? null}, sent_at = CASE WHEN ${status} = 'sent' THEN now() ELSE sent_at END WHERE id = ${id}`;
}
