/**
 * A case's email as the customer gets it: the template filled with the case's own values
 * (reference, name, subject, deadlines in the customer's language) and the event's data. The
 * send (activities/email.ts) and the staff's preview on the case page render through here, so
 * the preview is the email.
 */
import { STATUS_LINK_PLACEHOLDER } from '../cases/statusLinks';
import type { CaseRecord } from '../db/cases';
import { categoryLabel } from '../domain/categories';
import { formatDate, formatDateTime } from '../i18n/dates';
import { renderEmail, type RenderedEmail } from './render';
import type { EmailTemplate } from './templates';

/** Values in an event's data shown as dates in the customer's language. */
const DATE_FIELDS = new Set(['expectedDate', 'objectionWindowEnds', 'reviewDue']);

export function renderCaseEmail(record: CaseRecord, template: EmailTemplate, eventData: Record<string, string>): RenderedEmail {
  const lang = record.language;
  const data = Object.fromEntries(Object.entries(eventData).map(([key, value]) =>
    [key, DATE_FIELDS.has(key) && value ? formatDate(value, lang) : value]));
  return renderEmail(template, lang, {
    reference: record.reference,
    name: record.name,
    isComplaint: record.caseType === 'complaint',
    noun: record.caseType === 'complaint' ? (lang === 'nl' ? 'klacht' : 'complaint') : 'feedback',
    category: categoryLabel(record.category, lang),
    description: record.description,
    receivedAt: formatDateTime(record.receivedAt, lang),
    substantiveResponseDue: formatDate(record.deadlines.substantiveResponseDue, lang),
    resolutionDue: record.deadlines.resolutionDue ? formatDate(record.deadlines.resolutionDue, lang) : '',
    // The outbox never holds the link: the send puts it in.
    statusUrl: STATUS_LINK_PLACEHOLDER,
    ...data,
  });
}
