/**
 * The rules for text that enters the system (src/domain/text.ts), where they are applied: the
 * intake (form, phone screen, API) and the lifecycle rules that every staff Update and every
 * customer signal passes, in the web app and in the workflow. Property-based (fast-check) over
 * every control character, unpaired surrogates, bidi marks and long strings.
 */
import fc from 'fast-check';
import { parseIntake } from '../../src/domain/intake';
import { refusal, STAFF_TEXTS_PER_CASE, type Action, type CaseState } from '../../src/domain/lifecycle';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { asTypedAgain, lineProblem, normalizeLineBreaks, textProblem, typedAgain } from '../../src/domain/text';

const REFUSED_CONTROLS = [...Array.from({ length: 32 }, (_, i) => i).filter((i) => i !== 9 && i !== 10), 0x7f]
  .map((i) => String.fromCharCode(i));

/** Strings as an attacker or a broken client sends them: any UTF-16 code units, controls and bidi marks mixed in. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom('a', ' ', '\u0000', '\u0001', '\u001b', '\r', '\n', '\t', '\u202e', '\u200f', '\ud800', '\udfff', '😀', 'é'), maxLength: 60 }),
  fc.string({ unit: 'grapheme', minLength: 4000, maxLength: 6000 }),
);

/** What Postgres can store in a text column: no U+0000, and (so that nothing is silently replaced) well-formed UTF-16. */
const storable = (s: string) => !s.includes('\u0000') && Buffer.from(s, 'utf8').toString('utf8') === s;

describe('textProblem', () => {
  test.each(REFUSED_CONTROLS.map((c) => [c.charCodeAt(0).toString(16).padStart(4, '0'), c]))('refuses U+%s', (_code, c) => {
    expect(textProblem(`voor${c}na`)).toBe('control-character');
  });

  test('allows tab, line feed, every script, emoji and bidi marks', () => {
    expect(textProblem('Regel 1\n\tRegel 2 — €12,50 😀 مرحبا \u202bשלום\u202c 你好')).toBeUndefined();
  });

  test('refuses unpaired surrogates, at the start, the middle and the end', () => {
    for (const s of ['\ud800abc', 'ab\udc00c', 'abc\ud83d']) expect(textProblem(s)).toBe('unpaired-surrogate');
  });

  test('whatever it allows, Postgres can store unchanged', () => {
    fc.assert(fc.property(hostile, (s) => {
      const text = normalizeLineBreaks(s);
      if (textProblem(text) === undefined) expect(storable(text)).toBe(true);
    }), { numRuns: 500 });
  });

  test('line breaks are normalised to \\n; a name may hold none', () => {
    expect(normalizeLineBreaks('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(lineProblem('Jan\nde Vries')).toBe('line-break');
    expect(lineProblem('Jan\u2028de Vries')).toBe('line-break');
    expect(lineProblem('Jan de Vries')).toBeUndefined();
  });
});

describe('intake', () => {
  const valid = { caseType: 'complaint', name: 'Anna de Boer', email: 'anna@example.nl', category: 'billing', description: 'Mijn factuur klopt niet.' };

  test('every text field: a value passes only when it can be stored', () => {
    fc.assert(fc.property(fc.constantFrom('name', 'description', 'phone', 'customerNumber', 'email'), hostile, (field, value) => {
      const result = parseIntake({ ...valid, [field]: value });
      if (result.ok) {
        for (const v of Object.values(result.value)) if (typeof v === 'string') expect(storable(v)).toBe(true);
      } else {
        expect(Object.keys(result.errors)).toEqual([field]);
      }
    }), { numRuns: 500 });
  });

  test('a NUL in the description or the name is a field message, not a failure later', () => {
    expect(parseIntake({ ...valid, description: 'Mijn factuur\u0000 klopt niet.' })).toEqual({ ok: false, errors: { description: 'description.characters' } });
    expect(parseIntake({ ...valid, name: 'Anna\u0000' })).toEqual({ ok: false, errors: { name: 'name.characters' } });
  });

  test('the description keeps its line breaks, as \\n', () => {
    const result = parseIntake({ ...valid, description: 'Eerste regel\r\nTweede regel' });
    expect(result.ok && result.value.description).toBe('Eerste regel\nTweede regel');
  });

  test('a name is one line without a web address: the form is no link relay', () => {
    for (const name of ['Klik hier https://example.com/win', 'Ga naar www.prijs.nl', 'prijs-winnen.com', 'Anna\r\nBezoek ons']) {
      const result = parseIntake({ ...valid, name });
      expect(result.ok).toBe(false);
      expect(result.ok ? undefined : result.errors.name).toMatch(/^name\.(webAddress|lineBreak)$/);
    }
    for (const name of ['J. de Vries', 'Anna-Lena O\'Brien', 'Ouédraogo', 'José María van der Berg-Smit']) {
      expect(parseIntake({ ...valid, name }).ok).toBe(true);
    }
  });
});

describe('the lifecycle rules refuse unstorable text in every action', () => {
  const state: CaseState = {
    reference: 'KL-2026-000001', caseType: 'complaint', channel: 'web', receivedAt: '2026-11-02T09:00:00.000Z', hasEmail: true,
    status: 'in-progress', deadlines: {
      calendarVersion: 'test', acknowledgementDue: '2026-11-03T09:00:00.000Z', substantiveResponseReminder: '2026-11-05T23:00:00.000Z',
      substantiveResponseDue: '2026-11-09T23:00:00.000Z', resolutionDue: '2026-12-18T23:00:00.000Z', resolutionWarnings: [],
    },
    policy: DEFAULT_POLICY, acknowledged: true, breaches: [], handledMilestones: [], customerMessages: 0, timeline: [],
  };
  const now = Date.parse('2026-11-03T10:00:00Z');
  const with_ = (patch: Partial<CaseState>): CaseState => ({ ...state, ...patch });
  const bad = 'tekst met \u0000 erin';

  const staffActions: [string, CaseState, Action][] = [
    ['addNote', state, { type: 'addNote', text: bad, by: 'a@x.nl' }],
    ['requestInformation', state, { type: 'requestInformation', question: bad, by: 'a@x.nl' }],
    ['substantiveResponseSent', state, { type: 'substantiveResponseSent', text: bad, by: 'a@x.nl' }],
    ['addProposal', with_({ substantiveResponseAt: '2026-11-03T09:00:00Z', status: 'responded' }), { type: 'addProposal', text: bad, by: 'a@x.nl' }],
    ['markComplex', state, { type: 'markComplex', reason: bad, expectedDate: '2026-12-01', by: 'a@x.nl' }],
    ['resolve', state, { type: 'resolve', outcome: bad, solution: 'x', justified: 'justified', rootCause: 'product', by: 'a@x.nl' }],
    ['resolve (improvement)', state, {
      type: 'resolve', outcome: 'x', solution: 'x', justified: 'justified', rootCause: 'product', by: 'a@x.nl',
      improvement: { text: bad, owner: 'b@x.nl', dueDate: '2026-12-31' },
    }],
    ['convertToComplaint', with_({ caseType: 'feedback' }), { type: 'convertToComplaint', reason: bad, by: 'a@x.nl' }],
    ['objectionDecided', with_({ status: 'objected', objection: { reason: 'x', at: '2026-11-03T09:00:00Z' } }), { type: 'objectionDecided', decision: bad, upheld: false, by: 'c@x.nl' }],
    ['assignHandler', state, { type: 'assignHandler', handler: 'a@x.nl\u0000', by: 'b@x.nl' }],
    ['by', state, { type: 'addNote', text: 'x', by: 'a@x.nl\n' }],
  ];
  test.each(staffActions)('%s', (_name, s, action) => {
    expect(refusal(s, action, now)).toMatch(/stuurteken|regeleinden/);
  });

  const customerActions: [string, CaseState, Action][] = [
    ['customerReplied', with_({ status: 'awaiting-customer' }), { type: 'customerReplied', text: bad }],
    ['objection', with_({ status: 'resolved' }), { type: 'objection', reason: bad }],
    ['withdraw', state, { type: 'withdraw', reason: bad }],
  ];
  test.each(customerActions)('%s, in the customer\'s language', (_name, s, action) => {
    expect(refusal(s, action, now, 'nl')).toMatch(/onzichtbaar teken/);
    expect(refusal(s, action, now, 'en')).toMatch(/invisible character/);
    // Histories from before the rule replay as they ran (workflows/caseWorkflow.ts, VISIBLE_FAILURES).
    expect(refusal(s, action, now, 'nl', { customerTextRules: false })).toBeUndefined();
  });

  test('any text at all: refused, or storable', () => {
    fc.assert(fc.property(hostile, (text) => {
      const reason = refusal(state, { type: 'addNote', text, by: 'a@x.nl' }, now);
      if (reason === undefined) expect(storable(text)).toBe(true);
    }), { numRuns: 500 });
  });
});

test('staff texts per case are capped: the case state must stay far below Temporal\'s 2 MB', () => {
  const base: CaseState = {
    reference: 'KL-2026-000002', caseType: 'complaint', channel: 'web', receivedAt: '2026-11-02T09:00:00.000Z', hasEmail: true,
    status: 'in-progress', deadlines: { calendarVersion: 'test', acknowledgementDue: '', substantiveResponseReminder: '', substantiveResponseDue: '' },
    policy: DEFAULT_POLICY, acknowledged: true, breaches: [], handledMilestones: [], customerMessages: 0, timeline: [],
  };
  const entries = (n: number): CaseState['timeline'] =>
    Array.from({ length: n }, (_, i) => ({ seq: i + 1, at: base.receivedAt, event: 'note', actor: 'a@x.nl', visibility: 'internal', text: 'x' }));
  const now = Date.parse('2026-11-03T10:00:00Z');
  expect(refusal({ ...base, timeline: entries(STAFF_TEXTS_PER_CASE - 1) }, { type: 'addNote', text: 'nog één', by: 'a@x.nl' }, now)).toBeUndefined();
  expect(refusal({ ...base, timeline: entries(STAFF_TEXTS_PER_CASE) }, { type: 'addNote', text: 'te veel', by: 'a@x.nl' }, now))
    .toMatch(/al 100 notities, vragen en voorstellen/);
  expect(refusal({ ...base, timeline: entries(STAFF_TEXTS_PER_CASE) }, { type: 'requestInformation', question: 'Nog een vraag?', by: 'a@x.nl' }, now))
    .toMatch(/meer kan er niet bij/);
});

test('a refused text shown again holds nothing a page cannot: controls and lone surrogates become U+FFFD; one line stays one line', () => {
  expect(asTypedAgain('Pieter\u0000Jansen\u001b\n\ud800x')).toBe('Pieter\uFFFDJansen\uFFFD \uFFFDx');
  expect(asTypedAgain('regel 1\nregel 2\ttab', { multiline: true })).toBe('regel 1\nregel 2\ttab');
  expect(typedAgain({ name: 'a\nb', description: 'a\nb' }, ['description'])).toEqual({ name: 'a b', description: 'a\nb' });
  fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
    expect(asTypedAgain(s, { multiline: true })).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/u);
  }));
});
