/**
 * Staff in a case: Temporal names them by staff id; a case worked before staff ids goes on with
 * email addresses, so that the workflow's checks never compare an id with an address.
 */
import fc from 'fast-check';
import { caseDeadlines } from '../../src/domain/deadlines';
import { refusal, type CaseState, type TimelineEntry } from '../../src/domain/lifecycle';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { staffIdOf, staffRef } from '../../src/domain/staff';
import { actionForCase, namesStaffByEmail, staffIn } from '../../src/domain/staffInCase';
import { staffNames } from '../../src/web/admin/staffNames';
import type { StaffMember } from '../../src/db/staff';
import { calendar } from '../support/cases';

const receivedAt = '2026-12-24T15:00:00.000Z';
const NOW = Date.parse('2026-12-28T10:00:00Z');
const anna = { id: 7, email: 'anna@ccv.test', name: 'Anna de Vries' };
const bram = { id: 12, email: 'bram@ccv.test', name: 'Bram Jansen' };
const staff = [anna, bram];

function caseState(overrides: Partial<CaseState> = {}): CaseState {
  return {
    reference: 'KL-2026-000001', caseType: 'complaint', channel: 'web', receivedAt, hasEmail: true, status: 'in-progress',
    deadlines: caseDeadlines(calendar, 'complaint', new Date(receivedAt), DEFAULT_POLICY), policy: DEFAULT_POLICY,
    acknowledged: true, breaches: [], handledMilestones: [], customerMessages: 0, timeline: [], ...overrides,
  };
}
const entry = (seq: number, event: TimelineEntry['event'], actor: string): TimelineEntry => ({ seq, at: receivedAt, event, actor, visibility: 'public' });

test('a staff id round-trips to its account id; nothing else reads as one', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (id) => staffIdOf(staffRef(id)) === id));
  for (const other of ['anna@ccv.test', 'systeem', 'klant', 'staff-', 'staff-0', 'staff-01', 'staff-1x', ' staff-1', 'Staff-1']) {
    expect(staffIdOf(other)).toBeUndefined();
  }
});

test('a new case names staff by id; a case that already names someone by address goes on that way', () => {
  const fresh = caseState({ timeline: [entry(1, 'received', 'systeem')] });
  expect(namesStaffByEmail(fresh)).toBe(false);
  expect(staffIn(fresh, anna)).toBe('staff-7');
  for (const legacy of [
    caseState({ handler: 'anna@ccv.test' }),
    caseState({ timeline: [entry(1, 'received', 'bram@ccv.test')] }),
    caseState({ outcome: { outcome: 'x', solution: 'y', at: receivedAt, by: 'bram@ccv.test' } }),
  ]) {
    expect(namesStaffByEmail(legacy)).toBe(true);
    expect(staffIn(legacy, anna)).toBe('anna@ccv.test');
  }
});

test('the form\'s addresses become the case\'s names: actor, new handler (with its id for CaseHandler) and improvement owner', () => {
  const fresh = caseState();
  expect(actionForCase({ type: 'assignHandler', handler: 'anna@ccv.test', by: 'bram@ccv.test' }, fresh, staff))
    .toEqual({ type: 'assignHandler', handler: 'staff-7', handlerRef: 'staff-7', by: 'staff-12' });
  const resolve = actionForCase({
    type: 'resolve', outcome: 'x', solution: 'y', by: 'anna@ccv.test', justified: 'justified', rootCause: 'product',
    improvement: { text: 'Beter uitleggen', owner: 'bram@ccv.test', dueDate: '2027-01-31' },
  }, fresh, staff);
  expect(resolve).toMatchObject({ by: 'staff-7', improvement: { owner: 'staff-12' } });
  // A case from before staff ids keeps addresses, and still gets the id for CaseHandler.
  const legacy = caseState({ handler: 'anna@ccv.test' });
  expect(actionForCase({ type: 'assignHandler', handler: 'bram@ccv.test', by: 'anna@ccv.test' }, legacy, staff))
    .toEqual({ type: 'assignHandler', handler: 'bram@ccv.test', handlerRef: 'staff-12', by: 'anna@ccv.test' });
});

test('the workflow\'s checks hold in both kinds of case: an agent acts on their own case, an involved colleague cannot decide the objection', () => {
  const asAgent = (s: CaseState, email: string) => refusal(s, actionForCase({ type: 'addNote', text: 'x', by: email, asAgent: true }, s, staff), NOW);
  const decide = (s: CaseState, email: string) => refusal(s, actionForCase({ type: 'objectionDecided', decision: 'x', upheld: false, by: email }, s, staff), NOW);
  for (const name of [(m: typeof anna) => staffRef(m.id), (m: typeof anna) => m.email]) {
    const own = caseState({ handler: name(anna) });
    expect(asAgent(own, anna.email)).toBeUndefined();
    expect(asAgent(own, bram.email)).toMatch(/wordt behandeld door/);
    const objected = caseState({ status: 'objected', handler: name(anna), timeline: [entry(1, 'resolved', name(anna))] });
    expect(decide(objected, anna.email)).toMatch(/niet bij de behandeling betrokken/);
    expect(decide(objected, bram.email)).toBeUndefined();
  }
});

test('pages show names for staff ids and addresses; the customer and the system by what they are', () => {
  const members = staff.map((m) => ({ ...m, role: 'agent', active: true, mustChangePassword: false, twoFactor: false }) as StaffMember);
  const names = staffNames(members, 'nl');
  expect(names.of('staff-7')).toBe('Anna de Vries');
  expect(names.of('bram@ccv.test')).toBe('Bram Jansen');
  expect(names.of('klant')).toBe('Klant');
  expect(staffNames(members, 'en').of('systeem')).toBe('Klachtflow (automatic)');
  expect(names.of('staff-99')).toBe('staff-99');
  expect(names.inText('Deze zaak wordt behandeld door staff-7; vraag een teamleider.')).toBe('Deze zaak wordt behandeld door Anna de Vries; vraag een teamleider.');
});
