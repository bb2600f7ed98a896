/**
 * The what-if engine over timelines made for the test, with dates worked out by hand. All
 * complaints and feedback are received on Thursday 24 December 2026 at 16:00 (Amsterdam); working
 * days after it: Mon 28, Tue 29, Wed 30, Thu 31 Dec, Mon 4 Jan (5), Tue 5 (6), ... (25 Dec
 * Eerste Kerstdag, 26/27 and 2/3 Jan weekends, 1 Jan Nieuwjaarsdag); working day 34: Fri 12 Feb.
 */
import { CURRENT_TARGETS, whatIf, type RecordedCase, type WhatIfRules } from '../../src/analysis/whatIf';
import { DEFAULT_CALENDAR_OPTIONS } from '../../src/calendar/workingDays';

const at = (local: string) => new Date(`${local}+01:00`);
const RECEIVED = at('2026-12-24T16:00:00');
const AS_OF = at('2027-03-05T12:00:00');

const base = (o: Partial<RecordedCase> & Pick<RecordedCase, 'reference'>): RecordedCase => ({
  caseType: 'complaint', receivedAt: RECEIVED, respondedAt: null, resolvedAt: null, objectedAt: null, withdrawnAt: null, waits: [], ...o,
});

const CASES: RecordedCase[] = [
  // A: answered on Tue 5 Jan (working day 6): one day late; settled Fri 12 Feb (day 34); objected Mon 1 Mar.
  base({ reference: 'A', respondedAt: at('2027-01-05T10:00:00'), resolvedAt: at('2027-02-12T12:00:00'), objectedAt: at('2027-03-01T09:00:00') }),
  // B: asked on Mon 28 Dec, answered Tue 5 Jan (waited Tue 29 .. Thu 31, Mon 4, Tue 5: 5 working days),
  // responded Thu 7 Jan, not settled. Without a pause: late (day 5 is Mon 4 Jan), and working day 34
  // (Fri 12 Feb) has passed. With a pause: day 5 moves to Mon 11 Jan (met), day 34 to Fri 19 Feb (passed).
  base({ reference: 'B', respondedAt: at('2027-01-07T12:00:00'), waits: [{ from: at('2026-12-28T10:00:00'), to: at('2027-01-05T10:00:00') }] }),
  // C: feedback answered on Wed 30 Dec: in time under every rule here.
  base({ reference: 'C', caseType: 'feedback', respondedAt: at('2026-12-30T10:00:00') }),
  // D: feedback withdrawn on Tue 29 Dec without a response: its deadline never came.
  base({ reference: 'D', caseType: 'feedback', withdrawnAt: at('2026-12-29T10:00:00') }),
];

const CURRENT: WhatIfRules = { ...CURRENT_TARGETS, pauseWhileWaitingOnCustomer: false, calendar: DEFAULT_CALENDAR_OPTIONS, objectionWindowDays: 30 };

test('the rules in force, measured on the recorded timelines', () => {
  const r = whatIf(CASES, CURRENT, CURRENT, AS_OF);
  expect(r.current).toEqual({
    response: { complaint: { met: 0, breached: 2, notDue: 0 }, feedback: { met: 1, breached: 0, notDue: 1 } },
    resolution: { met: 1, breached: 1, notDue: 0 },
    // A's window: 30 days after Fri 12 Feb is Sun 14 Mar, so it runs to the end of Mon 15 Mar.
    objections: { inWindow: 1, outsideWindow: 0 },
  });
  expect(r.proposed).toEqual(r.current);
  expect(r.changes).toEqual([]);
});

test('the pause policy: B answered in time once its clock stood still for the 5 working days it waited', () => {
  const r = whatIf(CASES, CURRENT, { ...CURRENT, pauseWhileWaitingOnCustomer: true }, AS_OF);
  expect(r.proposed.response.complaint).toEqual({ met: 1, breached: 1, notDue: 0 });
  expect(r.proposed.resolution).toEqual({ met: 1, breached: 1, notDue: 0 });
  expect(r.changes).toEqual([{ reference: 'B', milestone: 'response', current: 'breached', proposed: 'met' }]);
  // Measured on Wed 17 Feb, B's moved working day 34 (Fri 19 Feb) has not come yet.
  expect(whatIf(CASES, CURRENT, { ...CURRENT, pauseWhileWaitingOnCustomer: true }, at('2027-02-17T12:00:00')).proposed.resolution)
    .toEqual({ met: 1, breached: 0, notDue: 1 });
});

test('six working days for the response, or a closure day on Tue 29 December, make A in time', () => {
  expect(whatIf(CASES, CURRENT, { ...CURRENT, responseWorkingDays: 6 }, AS_OF).changes)
    .toEqual([{ reference: 'A', milestone: 'response', current: 'breached', proposed: 'met' }]);
  // Closed on Tue 29 Dec: working day 5 is Tue 5 Jan, and working day 34 moves to Mon 15 Feb.
  const closed = whatIf(CASES, CURRENT, { ...CURRENT, calendar: { ...DEFAULT_CALENDAR_OPTIONS, closureDays: ['2026-12-29'] } }, AS_OF);
  expect(closed.changes).toEqual([{ reference: 'A', milestone: 'response', current: 'breached', proposed: 'met' }]);
});

test('a shorter objection window: A objected on Mon 1 March, after 10 days from Fri 12 February (Mon 22 February)', () => {
  const r = whatIf(CASES, CURRENT, { ...CURRENT, objectionWindowDays: 10 }, AS_OF);
  expect(r.proposed.objections).toEqual({ inWindow: 0, outsideWindow: 1 });
  expect(r.changes).toEqual([{ reference: 'A', milestone: 'objection', current: 'in-window', proposed: 'outside-window' }]);
});
