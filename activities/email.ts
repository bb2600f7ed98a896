import { ApplicationFailure, Context } from '@temporalio/activity';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import addressparser from 'nodemailer/lib/addressparser';
import { statusUrl, withStatusLink, type StatusLinks } from '../src/cases/statusLinks';
import { retryUntil } from '../src/db/retryUntil';
import { getCase } from '../src/db/cases';
import type { Sql } from '../src/db/db';
import { claimEmail, enqueueEmail, markEmail, recordEmailFailure } from '../src/db/outbox';
import { renderCaseEmail } from '../src/email/caseEmail';
import type { EmailTemplate } from '../src/email/templates';

export type Mailer = Pick<Transporter, 'sendMail'>;

/**
 * An SMTP transport for SMTP_URL. Connecting and the greeting may take 10 s each. The socket may
 * idle for 50 s: long enough not to give up on a server that is still working on its reply to the
 * final dot (RFC 5321 asks a client to wait up to 10 minutes there; a client that gives up sends
 * the message again, although the server may accept it). A case email's send is in any case cut
 * off when its activity attempt ends (`sendCaseEmail`), so that the attempt never outlives its
 * lease on the outbox row. Not pooled: each send has a connection of its own, and the send
 * resolves on the server's 250, without waiting for QUIT.
 */
export function createMailer(smtpUrl: string): Mailer {
  return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 50_000 });
}
/** The lease of a governance report's delivery (activities/reports.ts). */
export const LEASE_SECONDS = 90;
/** Kept free at the end of an attempt to record a sent email: the last try must end in time. */
const RECORD_MARGIN_MS = 3_000;
/**
 * A case email's lease lasts until its attempt ends, plus this: time for the attempt's last query
 * to land. After it the attempt neither sends nor records any more, and the next may send.
 */
const LEASE_MARGIN_MS = 2_000;

/**
 * The Message-ID of a case email: the same for every send of the same outbox row (case and
 * event), on the domain of MAIL_FROM, so that a receiving system can recognise a second copy
 * as the same message.
 */
export function caseMessageId(reference: string, eventKey: string, mailFrom: string): string {
  const [sender] = addressparser(mailFrom, { flatten: true });
  const domain = sender?.address.split('@').pop() ?? '';
  return `<${reference}.${eventKey}@${/^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'localhost'}>`;
}

/**
 * Records that the SMTP server accepted a message, trying for as long as the activity's attempt
 * (started at `started`) may run. Giving up sooner would leave the row 'sending', and the message
 * would go out a second time once its lease ends.
 */
export async function recordDelivery(started: number, record: () => Promise<unknown>): Promise<void> {
  return retryUntil(started + Context.current().info.startToCloseTimeoutMs - RECORD_MARGIN_MS, record);
}

/**
 * What a failed SMTP send means. Only a permanent reply (5xx: an unknown address, a refused
 * message) fails for good: the same message would be refused again, so it is not retried and a
 * person reaches the customer another way. A temporary reply (4xx, such as 450/451 greylisting
 * at RCPT TO, which nodemailer reports as EENVELOPE like any refused recipient) and a connection
 * that failed are retried: the next try may well succeed. The summary holds no address: it goes
 * to Temporal.
 */
export function smtpFailure(err: unknown) {
  const error = err as Error & { responseCode?: number; code?: string; command?: string };
  const badAddress = (error.responseCode ?? 0) >= 500 && (error.responseCode ?? 0) < 600;
  const summary = `SMTP ${error.responseCode ?? error.code ?? 'error'}`;
  return {
    badAddress,
    message: String(error.message),
    toActivityFailure: () => (badAddress
      ? ApplicationFailure.nonRetryable(summary, 'EmailRejected')
      : ApplicationFailure.retryable(summary, 'EmailNotSent')),
  };
}

export interface SendCaseEmail {
  reference: string;
  /** One email per case and event: the idempotency key. */
  eventKey: string;
  template: EmailTemplate;
  /** Texts of the action (question, response, outcome ...); dates as ISO strings. */
  data: Record<string, string>;
  /** Workflow time of the step, given by a local activity (whose own schedule time is the worker's clock). */
  createdAt?: string;
}

export type EmailOutcome = 'sent' | 'stored';

type EmailDeps = { sql: Sql; mailer?: Mailer; mailFrom: string; statusLinks: StatusLinks };

export function createEmailActivities(deps: EmailDeps) {
  return {
    /** A case email as an activity of its own (`sendCaseEmailIn`), its attempt starting now. */
    async sendCaseEmail(req: SendCaseEmail): Promise<EmailOutcome> {
      return sendCaseEmailIn(deps, Date.now(), req);
    },
  };
}

/**
 * Sends a case email in an activity attempt that started at `started` (its timeout counts from
 * there). Renders the email from the case in Postgres, writes it to the outbox first, then sends it
 * through SMTP when configured (else it stays in the outbox, marked stored). A retry after a
 * completed send finds the row marked and sends nothing. The send runs under a lease that
 * lasts as long as the attempt may (its start-to-close timeout, the send cut off before its
 * end) plus a short margin, so a slow attempt and its retry never send at the same time, and
 * the email of a worker that died is sent again by the first retry after that attempt's
 * timeout. The row is marked sent on the server's 250, one UPDATE later.
 *
 * What SMTP leaves: a send stopped while the server works on its reply to the final dot
 * (the worker killed, the send cut off) may have been delivered, and is sent again; both
 * copies carry the same Message-ID (`caseMessageId`). A send stopped at any earlier point is
 * an unfinished transaction that the server discards. test/integration/emailWorkerKilled.test.ts
 * measures both.
 */
export async function sendCaseEmailIn(deps: EmailDeps, started: number, req: SendCaseEmail): Promise<EmailOutcome> {
  const record = await getCase(deps.sql, req.reference);
  if (!record) throw ApplicationFailure.nonRetryable(`Unknown case ${req.reference}`, 'UnknownCase');
  if (!record.email) throw ApplicationFailure.nonRetryable(`Case ${req.reference} has no email address`, 'NoEmailAddress');
  const lang = record.language;
  const rendered = renderCaseEmail(record, req.template, req.data);
  const message = await enqueueEmail(deps.sql, {
    reference: record.reference,
    eventKey: req.eventKey,
    template: req.template,
    language: lang,
    toAddress: record.email,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: rendered.html,
    messageId: caseMessageId(record.reference, req.eventKey, deps.mailFrom),
    // Workflow time of the event, also under the time-skipping test server.
    createdAt: req.createdAt ?? new Date(Context.current().info.scheduledTimestampMs).toISOString(),
  });
  if (message.status === 'sent' || message.status === 'stored') return message.status;
  if (message.status === 'failed') throw ApplicationFailure.nonRetryable('Email refused before', 'EmailRejected');
  if (!deps.mailer) {
    await markEmail(deps.sql, message.id, 'stored');
    return 'stored';
  }
  // Temporal gives up on this attempt at `attemptEnd`; nothing of it may reach past the lease.
  const attemptEnd = started + Context.current().info.startToCloseTimeoutMs;
  // An attempt whose earlier steps took most of its time leaves the send to the next one.
  if (attemptEnd - Date.now() < 2 * RECORD_MARGIN_MS) throw ApplicationFailure.retryable('Too little time left to send', 'EmailNotSent');
  if (!(await claimEmail(deps.sql, message.id, (attemptEnd - Date.now() + LEASE_MARGIN_MS) / 1000))) {
    throw ApplicationFailure.retryable('Another attempt is sending this email', 'EmailInFlight');
  }
  // The customer's link as it is now (a revoked link is never sent again), made for this send only.
  const link = `${statusUrl(deps.statusLinks, record.reference, record.statusTokenVersion)}${lang === 'en' ? '?lang=en' : ''}`;
  const mail: SendMailOptions & { signal: AbortSignal } = {
    from: deps.mailFrom,
    to: message.toAddress,
    subject: message.subject,
    text: withStatusLink(message.textBody, link, false),
    html: withStatusLink(message.htmlBody, link, true),
    messageId: message.messageId,
    headers: { 'Content-Language': message.language },
    // Cut off (nodemailer closes the connection) while there is time left to record the outcome.
    signal: AbortSignal.timeout(Math.max(attemptEnd - RECORD_MARGIN_MS - Date.now(), 1)),
  };
  try {
    await deps.mailer.sendMail(mail);
  } catch (err) {
    const failure = smtpFailure(err);
    // The full text (often with the address) stays in Postgres; Temporal gets only the code.
    await recordEmailFailure(deps.sql, message.id, failure.message, failure.badAddress ? 'failed' : 'pending');
    throw failure.toActivityFailure();
  }
  await recordDelivery(started, () => markEmail(deps.sql, message.id, 'sent'));
  return 'sent';
}
