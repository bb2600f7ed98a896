import { PREPARED, type Sql } from './db';

export interface OutboxMessage {
  id: number;
  reference: string;
  eventKey: string;
  template: string;
  language: string;
  toAddress: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  status: 'pending' | 'sending' | 'sent' | 'stored' | 'failed';
  attempts: number;
  messageId: string;
  createdAt: Date;
}

const COLUMNS = `id, reference, event_key AS "eventKey", template, language, to_address AS "toAddress", subject,
  text_body AS "textBody", html_body AS "htmlBody", status, attempts, message_id AS "messageId", created_at AS "createdAt"`;

/**
 * Writes the email before any send, once per case and event, and returns the stored row: a
 * retry finds the row of the first attempt (with its status) instead of writing a second one.
 */
export async function enqueueEmail(
  sql: Sql,
  m: Omit<OutboxMessage, 'id' | 'status' | 'attempts' | 'createdAt'> & { createdAt: string },
): Promise<OutboxMessage> {
  await sql`
    INSERT INTO outbox (reference, event_key, template, language, to_address, subject, text_body, html_body, message_id, created_at)
    VALUES (${m.reference}, ${m.eventKey}, ${m.template}, ${m.language}, ${m.toAddress}, ${m.subject},
            ${m.textBody}, ${m.htmlBody}, ${m.messageId}, ${m.createdAt})
    ON CONFLICT (reference, event_key) DO NOTHING`;
  const [row] = await sql.unsafe<OutboxMessage[]>(
    `SELECT ${COLUMNS} FROM outbox WHERE reference = $1 AND event_key = $2`, [m.reference, m.eventKey], PREPARED);
  return row!;
}

/**
 * Takes the right to send this email for `leaseSeconds`: false while another attempt holds it,
 * so that a slow SMTP server and a retry never send the same email twice at once.
 */
export async function claimEmail(sql: Sql, id: number, leaseSeconds: number): Promise<boolean> {
  const rows = await sql`
    UPDATE outbox SET status = 'sending', lease_until = now() + make_interval(secs => ${leaseSeconds})
    WHERE id = ${id} AND (status = 'pending' OR (status = 'sending' AND lease_until < now()))
    RETURNING id`;
  return rows.length === 1;
}

export async function markEmail(sql: Sql, id: number, status: 'sent' | 'stored'): Promise<void> {
  await sql`UPDATE outbox SET status = ${status}, attempts = attempts + 1, last_error = NULL, lease_until = NULL,
    sent_at = CASE WHEN ${status} = 'sent' THEN now() ELSE sent_at END WHERE id = ${id}`;
}

/** A failed attempt: `pending` again to be retried, or `failed` when the address is refused for good. */
export async function recordEmailFailure(sql: Sql, id: number, error: string, status: 'pending' | 'failed' = 'pending'): Promise<void> {
  await sql`UPDATE outbox SET status = ${status}, lease_until = NULL, attempts = attempts + 1,
    last_error = ${error.slice(0, 2000)} WHERE id = ${id}`;
}

export async function listOutbox(sql: Sql, reference: string): Promise<OutboxMessage[]> {
  return sql.unsafe<OutboxMessage[]>(`SELECT ${COLUMNS} FROM outbox WHERE reference = $1 ORDER BY id`, [reference], PREPARED);
}
