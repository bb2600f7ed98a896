import type { CaseRecord } from '../db/cases';
import type { CaseDeadlines } from '../domain/case';
import { categoryLabel } from '../domain/categories';
import { formatDate } from '../i18n/dates';
import type { Placeholder } from './placeholders';

/**
 * The case's values for a template's placeholders, in the customer's language (the email is
 * theirs): dates as the emails write them, the handler as the one who sends it.
 */
export function caseValues(record: CaseRecord, o: { deadlines: CaseDeadlines; handlerName: string; now: Date }): Record<Placeholder, string> {
  const lang = record.language;
  return {
    customer: record.name,
    reference: record.reference,
    // Mid-sentence: "je klacht over storing".
    subject: lowerFirst(categoryLabel(record.category, lang), lang),
    received: formatDate(record.receivedAt, lang),
    responseDue: formatDate(o.deadlines.substantiveResponseDue, lang),
    resolutionDue: o.deadlines.resolutionDue ? formatDate(o.deadlines.resolutionDue, lang) : '',
    handler: o.handlerName,
    today: formatDate(o.now, lang),
  };
}

function lowerFirst(text: string, lang: string): string {
  return text.charAt(0).toLocaleLowerCase(lang) + text.slice(1);
}
