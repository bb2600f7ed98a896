import { z } from 'zod';
import { CATEGORY_KEYS } from './categories';
import { lineProblem, normalizeLineBreaks, textProblem } from './text';

/**
 * One submission, from the public form (and later the phone screen and the API). Each issue
 * carries a message key, translated by the caller into the form's language.
 */
/** A string with its line breaks normalised (src/domain/text.ts). */
const input = (required: string) => z.string({ error: required }).transform(normalizeLineBreaks);

/**
 * A name is one line of plain words: no line breaks, and no web address, because the name is
 * repeated in emails in the company's name and must never make the form a link relay.
 */
const WEB_ADDRESS = /[a-z][a-z0-9+.-]*:\/\/|www\.|[a-z0-9-]\.(?:com|nl|net|org|info|io|be|de|eu|co|ly|me|app|xyz|ru|top|site|online|link|click|biz|shop)\b/i;
export const nameProblem = (v: string): 'characters' | 'lineBreak' | 'webAddress' | undefined => {
  const problem = lineProblem(v);
  if (problem === 'line-break') return 'lineBreak';
  if (problem) return 'characters';
  return WEB_ADDRESS.test(v) ? 'webAddress' : undefined;
};

const optionalText = (max: number, pattern: RegExp, key: string) =>
  z.string().trim().max(max, { error: `${key}.tooLong` })
    .refine((v) => v === '' || pattern.test(v), { error: `${key}.invalid` })
    .transform((v) => (v === '' ? undefined : v));

export const LIMITS = { name: 200, email: 254, phone: 30, customerNumber: 40, description: 5000 } as const;

const email = z.string({ error: 'email.required' }).trim().min(1, { error: 'email.required' })
  .max(LIMITS.email, { error: 'email.tooLong' })
  .pipe(z.email({ error: 'email.invalid' })).transform((v) => v.toLowerCase());

export const IntakeSchema = z.object({
  caseType: z.enum(['complaint', 'feedback'], { error: 'caseType.required' }),
  name: input('name.required').pipe(z.string().trim().min(1, { error: 'name.required' })
    .max(LIMITS.name, { error: 'name.tooLong' })
    .superRefine((v, ctx) => {
      const problem = nameProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `name.${problem}` });
    })),
  email,
  phone: optionalText(LIMITS.phone, /^\+?[0-9][0-9 ()-]{5,}$/, 'phone').optional(),
  customerNumber: optionalText(LIMITS.customerNumber, /^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'customerNumber').optional(),
  category: z.enum(CATEGORY_KEYS, { error: 'category.required' }),
  description: input('description.required').pipe(z.string().trim().min(10, { error: 'description.tooShort' })
    .max(LIMITS.description, { error: 'description.tooLong' })
    .refine((v) => textProblem(v) === undefined, { error: 'description.characters' })),
});

/** A phone call may come without an email address. */
const PhoneIntakeSchema = IntakeSchema.extend({
  email: z.preprocess((v) => (v === '' || v === null ? undefined : v), email.optional()),
});

export type Intake = z.infer<typeof PhoneIntakeSchema>;
export type IntakeField = keyof Intake;

export type IntakeResult =
  | { ok: true; value: Intake }
  | { ok: false; errors: Partial<Record<IntakeField, string>> };

/**
 * Validates raw input; on failure returns one message key per field, the first one found.
 * Email is required, except for phone cases.
 */
export function parseIntake(raw: unknown, channel: 'web' | 'phone' = 'web'): IntakeResult {
  const parsed = (channel === 'phone' ? PhoneIntakeSchema : IntakeSchema).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors: Partial<Record<IntakeField, string>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as IntakeField | undefined;
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return { ok: false, errors };
}
