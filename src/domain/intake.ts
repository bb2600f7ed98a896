import { z } from 'zod';
import { CATEGORY_KEYS } from './categories';

/**
 * One submission, from the public form (and later the phone screen and the API). Each issue
 * carries a message key, translated by the caller into the form's language.
 */
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
  name: z.string({ error: 'name.required' }).trim().min(1, { error: 'name.required' })
    .max(LIMITS.name, { error: 'name.tooLong' }),
  email,
  phone: optionalText(LIMITS.phone, /^\+?[0-9][0-9 ()-]{5,}$/, 'phone').optional(),
  customerNumber: optionalText(LIMITS.customerNumber, /^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'customerNumber').optional(),
  category: z.enum(CATEGORY_KEYS, { error: 'category.required' }),
  description: z.string({ error: 'description.required' }).trim().min(10, { error: 'description.tooShort' })
    .max(LIMITS.description, { error: 'description.tooLong' }),
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
