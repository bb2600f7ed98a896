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

const EMAIL = z.string().trim().toLowerCase()
  .pipe(z.email({ error: 'Een van de adressen is geen geldig e-mailadres.' }).max(254, { error: 'Een adres is te lang.' }));

/** What an administrator submits for a body; the messages are shown at the fields. */
export const governanceBodyInput = z.object({
  name: z.string().trim().min(1, 'Geef het orgaan een naam.').max(100, 'De naam is te lang (maximaal 100 tekens).')
    .refine((s) => lineProblem(s) === undefined, 'De naam mag alleen zichtbare tekens op één regel bevatten.'),
  recipients: z.string().transform((s) => s.split(/[\s,;]+/).filter(Boolean))
    .pipe(z.array(EMAIL).min(1, 'Geef ten minste één ontvanger.').max(50, 'Maximaal 50 ontvangers.')),
  language: z.enum(['nl', 'en'], { message: 'Kies de taal van het rapport.' }),
  frequency: z.enum(['monthly', 'quarterly', 'yearly'], { message: 'Kies hoe vaak het rapport komt.' }),
  sections: z.array(z.enum(REPORT_SECTIONS)).min(1, 'Kies ten minste één onderdeel.'),
  sendHour: z.coerce.number().int().min(0).max(23, 'Kies een uur van 0 tot en met 23.'),
  active: z.boolean(),
});
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
