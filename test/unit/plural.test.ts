/**
 * Plural forms (src/i18n/plural.ts): one helper decides "1 zaak" or "2 zaken", "1 case" or
 * "2 cases"; texts with a count are message pairs `key.one` / `key.other`.
 */
import { formatCountdown } from '../../src/i18n/dates';
import { isPluralKey, messages, tn } from '../../src/i18n/messages';
import { plural, pluralCategory } from '../../src/i18n/plural';

test('one for exactly 1, other for 0, 2, many and fractions, in Dutch and English', () => {
  for (const lang of ['nl', 'en'] as const) {
    expect(pluralCategory(lang, 1)).toBe('one');
    for (const n of [0, 2, 5, 21, 100, 1.5]) expect([lang, n, pluralCategory(lang, n)]).toEqual([lang, n, 'other']);
  }
  expect(plural('nl', 1, { one: '{n} zaak', other: '{n} zaken' })).toBe('1 zaak');
  expect(plural('nl', 0, { one: '{n} zaak', other: '{n} zaken' })).toBe('0 zaken');
  expect(plural('en', 2, { one: '{n} case', other: '{n} cases' })).toBe('2 cases');
});

test('message texts with a count take their plural form in both languages', () => {
  expect(tn('nl', 'admin.cases.count', 1)).toBe('1 zaak');
  expect(tn('nl', 'admin.cases.count', 2)).toBe('2 zaken');
  expect(tn('en', 'admin.cases.count', 1)).toBe('1 case');
  expect(tn('en', 'admin.cases.count', 2)).toBe('2 cases');
  expect(tn('nl', 'admin.queue.tasksUpdated', 1)).toBe('1 taak bijgewerkt');
  expect(tn('en', 'admin.queue.tasksUpdated', 3)).toBe('3 tasks updated');
  expect(tn('en', 'admin.detail.days', 1, { h: 2 })).toBe('1 day 2 h');
  expect(tn('nl', 'admin.whatIf.cases', 1)).toBe('1 melding');
  expect(tn('en', 'admin.reports.recipientCount', 1)).toBe('1 recipient');
  expect(formatCountdown({ kind: 'left', workingDays: 1 }, 'en')).toBe('1 working day left');
  expect(formatCountdown({ kind: 'left', workingDays: 3 }, 'nl')).toBe('nog 3 werkdagen');
  expect(formatCountdown({ kind: 'late', workingDays: 1 }, 'nl')).toBe('1 werkdag te laat');
  expect(formatCountdown({ kind: 'late', workingDays: 2 }, 'en')).toBe('2 working days late');
});

test('every text with a one form has an other form, in both languages', () => {
  for (const lang of ['nl', 'en'] as const) {
    const keys = Object.keys(messages(lang));
    const bases = keys.filter((k) => k.endsWith('.one')).map((k) => k.slice(0, -'.one'.length));
    expect(bases.length).toBeGreaterThan(5);
    for (const base of bases) expect([base, isPluralKey(base)]).toEqual([base, true]);
    expect(keys.filter((k) => k.endsWith('.other')).length).toBe(bases.length);
  }
});
