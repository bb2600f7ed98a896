import { ApplicationFailure, Context } from '@temporalio/activity';
import nodemailer, { type Transporter } from 'nodemailer';
import { statusUrl, type StatusLinks } from '../src/cases/statusLinks';
import { getCase } from '../src/db/cases';
import type { Sql } from '../src/db/db';
import { claimEmail, enqueueEmail, markEmail, recordEmailFailure } from '../src/db/outbox';
import { categoryLabel } from '../src/domain/categories';
import { renderEmail } from '../src/email/render';
import type { EmailTemplate } from '../src/email/templates';
import { formatDate, formatDateTime } from '../src/i18n/dates';

export type Mailer = Pick<Transporter, 'sendMail'>;

/**
 * An SMTP transport for SMTP_URL. Its timeouts stay well inside the activity's one-minute
 * start-to-close timeout, so that an attempt never outlives its lease on the outbox row.
 */
export function createMailer(smtpUrl: string): Mailer {
  return nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
}
export const LEASE_SECONDS = 90;
/** Kept free at the end of an attempt to record a sent email: the last try must end in time. */
const RECORD_MARGIN_MS = 3_000;

/**
 * Records that the SMTP server accepted a message, trying for as long as the activity's attempt
 * (started at `started`) may run. Giving up sooner would leave the row 'sending', and the message
 * would go out a second time once its lease ends.
 */
export async function recordDelivery(started: number, record: () => Promise<unknown>): Promise<void> {
  const deadline = started + Context.current().info.startToCloseTimeoutMs - RECORD_MARGIN_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      await record();
      return;
    } catch (err) {
      const wait = Math.min(500 * attempt, 2_000);
      if (Date.now() + wait > deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
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
}

export type EmailOutcome = 'sent' | 'stored';

/** Values in `data` shown as dates in the customer's language. */
const DATE_FIELDS = new Set(['expectedDate', 'objectionWindowEnds', 'reviewDue']);

export function createEmailActivities(deps: { sql: Sql; mailer?: Mailer; mailFrom: string; statusLinks: StatusLinks }) {
  return {
    /**
     * Renders the email from the case in Postgres, writes it to the outbox first, then sends it
     * through SMTP when configured (else it stays in the outbox, marked stored). A retry after a
     * completed send finds the row marked and sends nothing; a lease keeps a slow attempt and its
     * retry from sending at the same time. The only window left for a double send is a crash
     * between the SMTP server's acceptance and the status update; the fixed Message-ID lets mail
     * clients fold such a duplicate.
     */
    async sendCaseEmail(req: SendCaseEmail): Promise<EmailOutcome> {
      const started = Date.now();
      const record = await getCase(deps.sql, req.reference);
      if (!record) throw ApplicationFailure.nonRetryable(`Unknown case ${req.reference}`, 'UnknownCase');
      if (!record.email) throw ApplicationFailure.nonRetryable(`Case ${req.reference} has no email address`, 'NoEmailAddress');
      const lang = record.language;
      const data = Object.fromEntries(Object.entries(req.data).map(([key, value]) =>
        [key, DATE_FIELDS.has(key) && value ? formatDate(value, lang) : value]));
      const rendered = renderEmail(req.template, lang, {
        reference: record.reference,
        name: record.name,
        isComplaint: record.caseType === 'complaint',
        noun: record.caseType === 'complaint' ? (lang === 'nl' ? 'klacht' : 'complaint') : 'feedback',
        category: categoryLabel(record.category, lang),
        description: record.description,
        receivedAt: formatDateTime(record.receivedAt, lang),
        substantiveResponseDue: formatDate(record.deadlines.substantiveResponseDue, lang),
        resolutionDue: record.deadlines.resolutionDue ? formatDate(record.deadlines.resolutionDue, lang) : '',
        statusUrl: `${statusUrl(deps.statusLinks, record.reference)}${lang === 'en' ? '?lang=en' : ''}`,
        ...data,
      });
      const message = await enqueueEmail(deps.sql, {
        reference: record.reference,
        eventKey: req.eventKey,
        template: req.template,
        language: lang,
        toAddress: record.email,
        subject: rendered.subject,
        textBody: rendered.text,
        htmlBody: rendered.html,
        messageId: `<${record.reference}.${req.eventKey}@klachtflow>`,
        // Workflow time of the event, also under the time-skipping test server.
        createdAt: new Date(Context.current().info.scheduledTimestampMs).toISOString(),
      });
      if (message.status === 'sent' || message.status === 'stored') return message.status;
      if (message.status === 'failed') throw ApplicationFailure.nonRetryable('Email refused before', 'EmailRejected');
      if (!deps.mailer) {
        await markEmail(deps.sql, message.id, 'stored');
        return 'stored';
      }
      if (!(await claimEmail(deps.sql, message.id, LEASE_SECONDS))) {
        throw ApplicationFailure.retryable('Another attempt is sending this email', 'EmailInFlight');
      }
      try {
        await deps.mailer.sendMail({
          from: deps.mailFrom,
          to: message.toAddress,
          subject: message.subject,
          text: message.textBody,
          html: message.htmlBody,
          messageId: message.messageId,
          headers: { 'Content-Language': message.language },
        });
      } catch (err) {
        const failure = smtpFailure(err);
        // The full text (often with the address) stays in Postgres; Temporal gets only the code.
        await recordEmailFailure(deps.sql, message.id, failure.message, failure.badAddress ? 'failed' : 'pending');
        throw failure.toActivityFailure();
      }
      await recordDelivery(started, () => markEmail(deps.sql, message.id, 'sent'));
      return 'sent';
    },
  };
}
