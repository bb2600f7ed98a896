/**
 * Reply templates (macros): texts administrators keep per language for the actions that write to
 * the customer, with placeholders such as {{klant}} or {{customer}} that are filled from the case
 * when a handler picks the template. The handler edits the result and previews the email before
 * sending; the template itself never reaches Temporal, only the text that is finally sent.
 */
import type { Language } from '../domain/case';

/** The actions whose customer text a template fills, with the form field it fills. */
export const TEMPLATE_PURPOSES = {
  substantiveResponseSent: 'text',
  requestInformation: 'question',
  addProposal: 'text',
  resolve: 'outcome',
  objectionDecided: 'decision',
} as const;
export type TemplatePurpose = keyof typeof TEMPLATE_PURPOSES;

export function isTemplatePurpose(value: unknown): value is TemplatePurpose {
  return typeof value === 'string' && Object.hasOwn(TEMPLATE_PURPOSES, value);
}

/** What a placeholder stands for; each has a Dutch and an English name, both valid in any template. */
export const PLACEHOLDERS = {
  customer: { nl: 'klant', en: 'customer' },
  reference: { nl: 'referentie', en: 'reference' },
  subject: { nl: 'onderwerp', en: 'subject' },
  received: { nl: 'ontvangen', en: 'received' },
  responseDue: { nl: 'reactie_uiterlijk', en: 'response_due' },
  resolutionDue: { nl: 'afgehandeld_uiterlijk', en: 'resolution_due' },
  handler: { nl: 'behandelaar', en: 'handler' },
  today: { nl: 'vandaag', en: 'today' },
} as const;
export type Placeholder = keyof typeof PLACEHOLDERS;

const BY_NAME = new Map<string, Placeholder>(
  (Object.entries(PLACEHOLDERS) as [Placeholder, { nl: string; en: string }][])
    .flatMap(([key, names]) => [[names.nl, key], [names.en, key]] as [string, Placeholder][]),
);

/** {{ name }}, as help desks write them; anything else in braces is left as text. */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a template uses that do not exist (to refuse it when it is saved). */
export function unknownPlaceholders(body: string): string[] {
  const unknown = [...body.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((name) => !BY_NAME.has(name.toLowerCase()));
  return [...new Set(unknown)];
}

/** The template with every placeholder replaced by the case's value (an unknown one stays as written). */
export function fillTemplate(body: string, values: Record<Placeholder, string>): string {
  return body.replace(PLACEHOLDER, (whole, name: string) => {
    const key = BY_NAME.get(name.toLowerCase());
    return key ? values[key] : whole;
  });
}

/** The placeholders as the admin page lists them, in its language. */
export function placeholderNames(lang: Language): { name: string; key: Placeholder }[] {
  return (Object.keys(PLACEHOLDERS) as Placeholder[]).map((key) => ({ key, name: `{{${PLACEHOLDERS[key][lang]}}}` }));
}
