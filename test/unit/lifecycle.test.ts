import { caseDeadlines } from '../../src/domain/deadlines';
import {
  isPaused, nextDeadline, nextStatus, pendingMilestones, refusal, reviewExclusions, snapshotOf, type CaseState, type TimelineEntry,
} from '../../src/domain/lifecycle';
import { DEFAULT_POLICY } from '../../src/domain/policy';
import { calendar } from '../support/cases';

const receivedAt = '2026-12-24T15:00:00.000Z';
const NOW = Date.parse('2026-12-28T10:00:00Z');

function caseState(overrides: Partial<CaseState> = {}): CaseState {
  return {
    reference: 'KL-2026-000001', caseType: 'complaint', channel: 'web', receivedAt, hasEmail: true, status: 'in-progress',
    deadlines: caseDeadlines(calendar, 'complaint', new Date(receivedAt), DEFAULT_POLICY), policy: DEFAULT_POLICY,
    acknowledged: true, breaches: [], handledMilestones: [], customerMessages: 0, timeline: [], ...overrides,
  };
}

describe('milestones', () => {
  test('an open complaint has the reminder, the 5-day deadline, the warnings and the 34-day deadline ahead', () => {
    expect(pendingMilestones(caseState()).map((m) => [m.key, m.at])).toEqual([
      ['substantive-response-reminder', '2026-12-30T22:59:59.999Z'],
      ['substantive-response-overdue', '2027-01-04T22:59:59.999Z'],
      ['resolution-warning-25', '2027-02-01T22:59:59.999Z'],
      ['resolution-warning-30', '2027-02-08T22:59:59.999Z'],
      ['resolution-overdue', '2027-02-12T22:59:59.999Z'],
    ]);
    expect(nextDeadline(caseState())).toBe('2027-01-04T22:59:59.999Z');
  });

  test('an unconfirmed web case first has the 24-hour guard; handled milestones do not come back', () => {
    expect(pendingMilestones(caseState({ acknowledged: false }))[0]?.key).toBe('acknowledgement-overdue');
    expect(pendingMilestones(caseState({ handledMilestones: ['substantive-response-reminder'] }))[0]?.key)
      .toBe('substantive-response-overdue');
  });

  test('the response stops the 5-day clock; the outcome stops the 34-day clock and opens the objection window', () => {
    expect(pendingMilestones(caseState({ status: 'responded', substantiveResponseAt: receivedAt })).map((m) => m.kind))
      .toEqual(['resolution-warning', 'resolution-warning', 'resolution-overdue']);
    const resolved = caseState({ status: 'resolved', substantiveResponseAt: receivedAt, objectionWindowEnds: '2027-01-30T10:00:00.000Z' });
    expect(pendingMilestones(resolved).map((m) => m.key)).toEqual(['objection-window-closed']);
    expect(nextDeadline(resolved)).toBeUndefined();
  });

  test('feedback has no resolution milestones; a closed case none at all', () => {
    const feedback = caseState({ caseType: 'feedback', deadlines: caseDeadlines(calendar, 'feedback', new Date(receivedAt), DEFAULT_POLICY) });
    expect(pendingMilestones(feedback).map((m) => m.kind)).toEqual(['substantive-response-reminder', 'substantive-response-overdue']);
    expect(pendingMilestones(caseState({ status: 'closed' }))).toEqual([]);
  });
});

describe('which action fits which state', () => {
  test('staff actions', () => {
    const open = caseState();
    expect(refusal(open, { type: 'substantiveResponseSent', text: 'Antwoord', by: 'a' }, NOW)).toBeUndefined();
    expect(refusal(open, { type: 'addProposal', text: 'Voorstel', by: 'a' }, NOW)).toMatch(/eerst de inhoudelijke reactie/);
    expect(refusal(caseState({ substantiveResponseAt: receivedAt }), { type: 'substantiveResponseSent', text: 'x', by: 'a' }, NOW))
      .toMatch(/al verstuurd/);
    expect(refusal(open, { type: 'markComplex', reason: 'x', expectedDate: '2026-13-01', by: 'a' }, NOW)).toMatch(/geen geldige datum/);
    expect(refusal(open, { type: 'markComplex', reason: 'x', expectedDate: '2027-02-26', by: 'a' }, NOW)).toBeUndefined();
    expect(refusal(open, { type: 'resolve', outcome: 'x', solution: '', by: 'a', justified: 'justified', rootCause: 'product' }, NOW)).toMatch(/De oplossing ontbreekt/);
    expect(refusal(open, { type: 'addNote', text: 'x'.repeat(10_001), by: 'a' }, NOW)).toMatch(/te lang/);
    expect(refusal(caseState({ hasEmail: false }), { type: 'requestInformation', question: 'Vraag?', by: 'a' }, NOW)).toMatch(/geen e-mailadres/);
    expect(refusal(caseState({ status: 'resolved' }), { type: 'resolve', outcome: 'x', solution: 'y', by: 'a', justified: 'justified', rootCause: 'product' }, NOW)).toMatch(/Dit kan niet meer/);
  });

  test('an objection is decided by a colleague who was not involved in handling the case', () => {
    const entry = (seq: number, event: TimelineEntry['event'], actor: string): TimelineEntry =>
      ({ seq, at: receivedAt, event, actor, visibility: 'public' });
    const objected = caseState({
      status: 'objected', handler: 'anna', formerHandlers: ['dirk'],
      outcome: { outcome: 'x', solution: 'y', at: receivedAt, by: 'bram' },
      timeline: [
        entry(1, 'received', 'systeem'),
        // Coordinator Erik answered the unassigned case; Fien asked the customer a question.
        entry(2, 'substantive-response-sent', 'erik'),
        entry(3, 'information-requested', 'fien'),
        entry(4, 'proposal', 'gijs'),
        entry(5, 'marked-complex', 'hanna'),
        entry(6, 'resolved', 'bram'),
        // An internal note is not handling, nor is registering the customer's objection from a call.
        entry(7, 'note', 'carla'),
        entry(8, 'objection', 'ivo'),
      ],
    });
    expect(reviewExclusions(objected).sort()).toEqual(['anna', 'bram', 'dirk', 'erik', 'fien', 'gijs', 'hanna']);
    for (const person of ['anna', 'bram', 'dirk', 'erik', 'fien', 'gijs', 'hanna']) {
      expect(refusal(objected, { type: 'objectionDecided', decision: 'x', upheld: false, by: person }, NOW))
        .toMatch(/niet bij de behandeling betrokken/);
    }
    expect(refusal(objected, { type: 'objectionDecided', decision: 'x', upheld: false, by: 'carla' }, NOW)).toBeUndefined();
    expect(refusal(objected, { type: 'objectionDecided', decision: 'x', upheld: false, by: 'ivo' }, NOW)).toBeUndefined();
  });

  test('feedback ends with its substantive response: no outcome, no objection stage', () => {
    const feedback = caseState({ caseType: 'feedback', deadlines: caseDeadlines(calendar, 'feedback', new Date(receivedAt), DEFAULT_POLICY) });
    expect(nextStatus(feedback, { type: 'substantiveResponseSent', text: 'Dank je', by: 'a' })).toBe('closed');
    expect(refusal(feedback, { type: 'resolve', outcome: 'x', solution: 'y', by: 'a', justified: 'justified', rootCause: 'product' }, NOW)).toMatch(/Feedback krijgt geen uitkomst/);
    // Feedback that an earlier workflow version left 'responded' can still be settled.
    expect(refusal({ ...feedback, status: 'responded', substantiveResponseAt: receivedAt },
      { type: 'resolve', outcome: 'x', solution: 'y', by: 'a', justified: 'justified', rootCause: 'product' }, NOW)).toBeUndefined();
    expect(nextStatus(caseState(), { type: 'substantiveResponseSent', text: 'Antwoord', by: 'a' })).toBe('responded');
  });

  test('an outcome records whether the complaint was justified, its root cause and an optional improvement action', () => {
    const open = caseState();
    const outcome = { type: 'resolve' as const, outcome: 'x', solution: 'y', by: 'a', justified: 'partly' as const, rootCause: 'billing' };
    expect(refusal(open, outcome, NOW)).toBeUndefined();
    expect(refusal(open, { ...outcome, justified: undefined as never }, NOW)).toMatch(/gegrond, deels gegrond of ongegrond/);
    expect(refusal(open, { ...outcome, rootCause: '' }, NOW)).toMatch(/oorzaak/);
    expect(refusal(open, { ...outcome, rootCause: 'Factuur; DROP' }, NOW)).toMatch(/oorzaak/);
    const improvement = { text: 'Factuurtekst verduidelijken', owner: 'teamleider@ccv.test', dueDate: '2027-03-01' };
    expect(refusal(open, { ...outcome, improvement }, NOW)).toBeUndefined();
    expect(refusal(open, { ...outcome, improvement: { ...improvement, owner: ' ' } }, NOW)).toMatch(/eigenaar/);
    expect(refusal(open, { ...outcome, improvement: { ...improvement, dueDate: '2027-02-30' } }, NOW)).toMatch(/geen geldige datum/);
    expect(refusal(open, { ...outcome, improvement: { ...improvement, dueDate: '2026-12-01' } }, NOW)).toMatch(/verleden/);
  });

  test('feedback can be turned into a complaint while it is open, once', () => {
    const feedback = caseState({ caseType: 'feedback' });
    const convert = { type: 'convertToComplaint' as const, reason: 'Eigenlijk een klacht', by: 'a' };
    expect(refusal(feedback, convert, NOW)).toBeUndefined();
    expect(refusal(caseState(), convert, NOW)).toMatch(/al een klacht/);
    expect(refusal({ ...feedback, status: 'closed' }, convert, NOW)).toMatch(/gesloten/);
    expect(refusal(feedback, { ...convert, reason: '' }, NOW)).toMatch(/De reden ontbreekt/);
  });

  test('while a paused case waits on the customer, its 5- and 34-day clocks are neither pending nor the next deadline', () => {
    const policy = { ...DEFAULT_POLICY, pauseWhileWaitingOnCustomer: true };
    const waiting = caseState({ policy, status: 'awaiting-customer', waitingOnCustomerSince: '2026-12-28T09:00:00.000Z' });
    expect(isPaused(waiting)).toBe(true);
    expect(pendingMilestones(waiting)).toEqual([]);
    expect(nextDeadline(waiting)).toBeUndefined();
    expect(snapshotOf(waiting).nextDeadline).toBeNull();
    // Versions before the rule, and cases without the pause policy, keep their clocks running.
    expect(nextDeadline(waiting, { pauseAware: false })).toBe('2027-01-04T22:59:59.999Z');
    const notPaused = { ...waiting, policy: DEFAULT_POLICY };
    expect(isPaused(notPaused)).toBe(false);
    expect(nextDeadline(notPaused)).toBe('2027-01-04T22:59:59.999Z');
    // Unconfirmed, the 24-hour guard still runs during the pause.
    expect(pendingMilestones({ ...waiting, acknowledged: false }).map((m) => m.key)).toEqual(['acknowledgement-overdue']);
  });

  test('customer actions, the objection window and the message cap', () => {
    const resolved = caseState({ status: 'resolved', objectionWindowEnds: '2027-01-30T10:00:00.000Z' });
    expect(refusal(resolved, { type: 'objection', reason: 'Oneens' }, NOW)).toBeUndefined();
    expect(refusal(resolved, { type: 'objection', reason: 'Oneens' }, Date.parse('2027-02-01T00:00:00Z'))).toMatch(/verstreken/);
    expect(refusal(caseState(), { type: 'objection', reason: 'Oneens' }, NOW)).toMatch(/nog geen uitkomst/);
    expect(refusal(caseState(), { type: 'customerReplied', text: 'Hallo' }, NOW)).toMatch(/niet op een reactie/);
    const capped = caseState({ status: 'awaiting-customer', customerMessages: DEFAULT_POLICY.maxCustomerMessages });
    expect(refusal(capped, { type: 'customerReplied', text: 'Nog één' }, NOW)).toMatch(/maximale aantal berichten/);
    expect(refusal(capped, { type: 'withdraw', reason: 'Laat maar' }, NOW)).toBeUndefined();
    expect(refusal(caseState({ status: 'closed' }), { type: 'withdraw' }, NOW)).toBe('Je zaak is gesloten.');
    expect(refusal(caseState({ status: 'closed' }), { type: 'addNote', text: 'x', by: 'a' }, NOW)).toBe('De zaak is gesloten.');
    expect(refusal(capped, { type: 'customerReplied', text: 'One more' }, NOW, 'en')).toMatch(/maximum number of messages/);
    expect(refusal(caseState({ status: 'awaiting-customer' }), { type: 'customerReplied', text: '  ' }, NOW, 'en')).toBe('Please write your message first.');
  });

  test('the status each accepted action leads to', () => {
    const open = caseState();
    expect(nextStatus(open, { type: 'requestInformation', question: 'q', by: 'a' })).toBe('awaiting-customer');
    expect(nextStatus(caseState({ status: 'awaiting-customer' }), { type: 'customerReplied', text: 't' })).toBe('in-progress');
    expect(nextStatus(caseState({ status: 'awaiting-customer', substantiveResponseAt: receivedAt }), { type: 'customerReplied', text: 't' }))
      .toBe('responded');
    expect(nextStatus(open, { type: 'resolve', outcome: 'o', solution: 's', by: 'a', justified: 'justified', rootCause: 'product' })).toBe('resolved');
    expect(nextStatus(open, { type: 'withdraw' })).toBe('closed');
    expect(nextStatus(open, { type: 'addNote', text: 'n', by: 'a' })).toBe('in-progress');
  });
});
