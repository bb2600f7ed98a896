/**
 * Governance bodies (bestuursorganen) and what they receive: the procedure's promise 5 says the
 * analysis is reported to all governance bodies. Pure: validation and the schedule each body needs.
 */
import { z } from 'zod';
import { lineProblem } from '../domain/text';
import type { Frequency } from '../analysis/period';
import type { Language } from '../domain/case';

/** The parts of a report a body can choose. */
export const REPORT_SECTIONS = ['volume', 'timeliness', 'outcomes', 'customers', 'improvements', 'trends'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export const FREQUENCIES: readonly Frequency[] = ['monthly', 'quarterly', 'yearly'];

export interface GovernanceBody {
  id: number;
  name: string;
  recipients: string[];
  language: Language;
  frequency: Frequency;
  sections: ReportSection[];
  /** Hour (Europe/Amsterdam) on the first day of the next period at which the report goes out. */
  sendHour: number;
  active: boolean;
}

/** The messages at the fields of a body's form, in the admin page's language. */
const INPUT_MESSAGES = {
  nl: {
    email: 'Een van de adressen is geen geldig e-mailadres.',
    emailTooLong: 'Een adres is te lang.',
    name: 'Geef het orgaan een naam.',
    nameTooLong: 'De naam is te lang (maximaal 100 tekens).',
    nameLine: 'De naam mag alleen zichtbare tekens op één regel bevatten.',
    recipients: 'Geef ten minste één ontvanger.',
    tooManyRecipients: 'Maximaal 50 ontvangers.',
    language: 'Kies de taal van het rapport.',
    frequency: 'Kies hoe vaak het rapport komt.',
    sections: 'Kies ten minste één onderdeel.',
    sendHour: 'Kies een uur van 0 tot en met 23.',
  },
  en: {
    email: 'One of the addresses is not a valid email address.',
    emailTooLong: 'An address is too long.',
    name: 'Give the body a name.',
    nameTooLong: 'The name is too long (at most 100 characters).',
    nameLine: 'The name may only contain visible characters on one line.',
    recipients: 'Give at least one recipient.',
    tooManyRecipients: 'At most 50 recipients.',
    language: 'Choose the language of the report.',
    frequency: 'Choose how often the report comes.',
    sections: 'Choose at least one section.',
    sendHour: 'Choose an hour from 0 to 23.',
  },
} satisfies Record<Language, Record<string, string>>;

/** What an administrator submits for a body; the messages, in `lang`, are shown at the fields. */
export function governanceBodyInputOf(lang: Language) {
  const m = INPUT_MESSAGES[lang];
  const email = z.string().trim().toLowerCase()
    .pipe(z.email({ error: m.email }).max(254, { error: m.emailTooLong }));
  return z.object({
    name: z.string({ error: m.name }).trim().min(1, m.name).max(100, m.nameTooLong)
      .refine((s) => lineProblem(s) === undefined, m.nameLine),
    recipients: z.string({ error: m.recipients }).transform((s) => s.split(/[\s,;]+/).filter(Boolean))
      .pipe(z.array(email).min(1, m.recipients).max(50, m.tooManyRecipients)),
    language: z.enum(['nl', 'en'], { message: m.language }),
    frequency: z.enum(['monthly', 'quarterly', 'yearly'], { message: m.frequency }),
    sections: z.array(z.enum(REPORT_SECTIONS, { message: m.sections }), { error: m.sections }).min(1, m.sections),
    sendHour: z.coerce.number({ error: m.sendHour }).int(m.sendHour).min(0, m.sendHour).max(23, m.sendHour),
    active: z.boolean(),
  });
}

/** The body's form with Dutch messages. */
export const governanceBodyInput = governanceBodyInputOf('nl');
export type GovernanceBodyInput = z.infer<typeof governanceBodyInput>;

/** The Temporal Schedule of a body is named after its id: one per body, found again at every sync. */
export const SCHEDULE_PREFIX = 'governance-report-';
export function scheduleIdOf(bodyId: number): string {
  return `${SCHEDULE_PREFIX}${bodyId}`;
}

/**
 * When a body's report goes out, in Europe/Amsterdam: the first day of each month, quarter or
 * year, at the body's hour. The report covers the period that has just ended.
 */
export function reportCalendar(frequency: Frequency, hour: number) {
  const months = {
    monthly: '*' as const,
    quarterly: ['JANUARY' as const, 'APRIL' as const, 'JULY' as const, 'OCTOBER' as const],
    yearly: 'JANUARY' as const,
  }[frequency];
  return { dayOfMonth: 1, month: months, hour, minute: 0, comment: `${frequency} governance report` };
}

/** The input of the report workflow (workflows/reportWorkflow.ts): ids only, Temporal Web shows it. */
export type ReportWorkflowInput =
  /** From the body's Schedule: the period that ended before the scheduled time. */
  | { bodyId: number }
  /** From the admin area: a stored report sent again to the body's current recipients. */
  | { resend: { reportId: number; round: number } };
