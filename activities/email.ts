import { ApplicationFailure } from '@temporalio/activity';
import type { Transporter } from 'nodemailer';
import { getCase } from '../src/db/cases';
import type { Sql } from '../src/db/db';
import { enqueueEmail, markEmail, recordEmailFailure } from '../src/db/outbox';
import { categoryLabel } from '../src/domain/categories';
import { renderEmail, type EmailTemplate } from '../src/email/render';
import { formatDate, formatDateTime } from '../src/i18n/dates';

export type Mailer = Pick<Transporter, 'sendMail'>;

export interface SendCaseEmail {
  reference: string;
  /** One email per case and event: the idempotency key. */
  eventKey: string;
  template: EmailTemplate;
}

export type EmailOutcome = 'sent' | 'stored';

export function createEmailActivities(deps: { sql: Sql; mailer?: Mailer; mailFrom: string }) {
  return {
    /**
     * Renders the email from the case in Postgres, writes it to the outbox first, then sends it
     * through SMTP when configured (else it stays in the outbox, marked stored). A retry after a
     * completed send finds the row marked and sends nothing. The only window for a double send is
     * a crash between the SMTP server's acceptance and the status update; the fixed Message-ID
     * lets mail clients fold such a duplicate.
     */
    async sendCaseEmail(req: SendCaseEmail): Promise<EmailOutcome> {
      const record = await getCase(deps.sql, req.reference);
      if (!record) throw ApplicationFailure.nonRetryable(`Unknown case ${req.reference}`, 'UnknownCase');
      const lang = record.language;
      const rendered = renderEmail(req.template, lang, {
        reference: record.reference,
        name: record.name,
        isComplaint: record.caseType === 'complaint',
        category: categoryLabel(record.category, lang),
        description: record.description,
        receivedAt: formatDateTime(record.receivedAt, lang),
        substantiveResponseDue: formatDate(record.deadlines.substantiveResponseDue, lang),
        resolutionDue: record.deadlines.resolutionDue ? formatDate(record.deadlines.resolutionDue, lang) : '',
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
      });
      if (message.status !== 'pending') return message.status;
      if (!deps.mailer) {
        await markEmail(deps.sql, message.id, 'stored');
        return 'stored';
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
        const error = err as Error & { responseCode?: number };
        await recordEmailFailure(deps.sql, message.id, error.message);
        // 5xx: the server refuses this message for good (bad address); retrying will not help.
        if (error.responseCode && error.responseCode >= 500) {
          throw ApplicationFailure.nonRetryable(`Email refused: ${error.message}`, 'EmailRejected');
        }
        throw err;
      }
      await markEmail(deps.sql, message.id, 'sent');
      return 'sent';
    },
  };
}
