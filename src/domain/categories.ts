import type { Language } from './case';

/** What a complaint or feedback is about: used for routing now and for the analysis reports later. */
export const CATEGORIES = {
  product: { nl: 'Product of dienst', en: 'Product or service' },
  malfunction: { nl: 'Storing', en: 'Malfunction' },
  delivery: { nl: 'Levering en installatie', en: 'Delivery and installation' },
  billing: { nl: 'Factuur en betaling', en: 'Invoice and payment' },
  service: { nl: 'Klantenservice en bereikbaarheid', en: 'Customer service and availability' },
  other: { nl: 'Iets anders', en: 'Something else' },
} as const satisfies Record<string, Record<Language, string>>;

export type Category = keyof typeof CATEGORIES;
export const CATEGORY_KEYS = Object.keys(CATEGORIES) as [Category, ...Category[]];

export function categoryLabel(category: string, language: Language): string {
  return (CATEGORIES as Record<string, Record<Language, string>>)[category]?.[language] ?? category;
}
