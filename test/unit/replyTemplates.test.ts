import fc from 'fast-check';
import { fillTemplate, PLACEHOLDERS, unknownPlaceholders, type Placeholder } from '../../src/replyTemplates/placeholders';

const values = Object.fromEntries(Object.keys(PLACEHOLDERS).map((key) => [key, `<${key}>`])) as Record<Placeholder, string>;

test('every placeholder is filled under its Dutch and its English name, with spaces inside the braces or without', () => {
  expect(fillTemplate('Beste {{klant}}, {{ reference }} / {{Reactie_Uiterlijk}}', values)).toBe('Beste <customer>, <reference> / <responseDue>');
  expect(fillTemplate('{{today}} {{vandaag}}', values)).toBe('<today> <today>');
});

test('unknown placeholders are named once each and left as written; single braces are text', () => {
  expect(unknownPlaceholders('{{klant}} {{naam}} {{naam}} {{ }} {x}')).toEqual(['naam', '']);
  expect(fillTemplate('{{naam}} {x}', values)).toBe('{{naam}} {x}');
});

test('for any text, a template without unknown placeholders is filled completely, and the rest of the text is kept', () => {
  const names = Object.values(PLACEHOLDERS).flatMap((n) => [n.nl, n.en]);
  const piece = fc.oneof(
    fc.string().filter((s) => !s.includes('{') && !s.includes('}')),
    fc.constantFrom(...names).map((n) => `{{${n}}}`),
  );
  fc.assert(fc.property(fc.array(piece), (pieces) => {
    const body = pieces.join('');
    expect(unknownPlaceholders(body)).toEqual([]);
    const filled = fillTemplate(body, values);
    expect(filled).not.toMatch(/\{\{/);
    // Without its placeholders, the text is the template's own.
    expect(filled.replace(/<\w+>/g, '')).toBe(pieces.filter((p) => !p.startsWith('{{')).join('').replace(/<\w+>/g, ''));
  }));
});
