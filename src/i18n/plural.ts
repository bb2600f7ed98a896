/**
 * Plural forms: "1 zaak", "2 zaken"; "1 case", "2 cases". The one place that decides which form a
 * count takes, by the language's own rules (Intl.PluralRules; Dutch and English have "one" and
 * "other", so 0 takes the plural). Pure, and safe in Temporal's workflow sandbox.
 */
import type { Language } from '../domain/case';

export interface PluralForms {
  one: string;
  other: string;
}

const RULES: Record<Language, Intl.PluralRules> = { nl: new Intl.PluralRules('nl'), en: new Intl.PluralRules('en') };

/** Which form a count takes in the language. */
export function pluralCategory(language: Language, count: number): keyof PluralForms {
  return RULES[language].select(count) === 'one' ? 'one' : 'other';
}

/** The form for `count`, with `{n}` in it replaced by the count: plural('en', 2, { one: '{n} case', other: '{n} cases' }). */
export function plural(language: Language, count: number, forms: PluralForms): string {
  return forms[pluralCategory(language, count)].replace(/\{n\}/g, String(count));
}
