import { parseIntake } from '../../src/domain/intake';
import { isMessageKey } from '../../src/i18n/messages';

const valid = {
  caseType: 'complaint', name: '  Jan de Vries ', email: ' Jan@Example.NL', phone: '', customerNumber: '',
  category: 'billing', description: 'Mijn factuur van oktober klopt niet.',
};

test('accepts a valid submission, trimmed, with empty optional fields left out', () => {
  expect(parseIntake(valid)).toEqual({
    ok: true,
    value: { caseType: 'complaint', name: 'Jan de Vries', email: 'jan@example.nl', category: 'billing', description: 'Mijn factuur van oktober klopt niet.' },
  });
});

test('names one problem per field, each with a translated message', () => {
  const result = parseIntake({ caseType: 'question', name: ' ', email: 'jan@', phone: 'bel me', customerNumber: '<x>', category: 'x', description: 'kort' });
  expect(result).toEqual({
    ok: false,
    errors: {
      caseType: 'caseType.required', name: 'name.required', email: 'email.invalid', phone: 'phone.invalid',
      customerNumber: 'customerNumber.invalid', category: 'category.required', description: 'description.tooShort',
    },
  });
  if (!result.ok) for (const key of Object.values(result.errors)) expect(isMessageKey(key!)).toBe(true);
});

test('refuses fields over their length limit', () => {
  const result = parseIntake({ ...valid, name: 'x'.repeat(201), description: 'y'.repeat(5001), phone: '0'.repeat(31) });
  expect(result.ok || result.errors).toEqual({ name: 'name.tooLong', description: 'description.tooLong', phone: 'phone.tooLong' });
});

test('accepts international phone numbers and merchant numbers', () => {
  expect(parseIntake({ ...valid, phone: '+31 (0)88 228 9849', customerNumber: 'M-100.234/b' }).ok).toBe(true);
});

test('refuses missing fields and non-string values', () => {
  expect(parseIntake(undefined).ok).toBe(false);
  expect(parseIntake({ ...valid, name: ['a', 'b'] })).toEqual({ ok: false, errors: { name: 'name.required' } });
});
