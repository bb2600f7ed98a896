/**
 * What-if: what a policy change would have meant over a past period. Every case's recorded
 * timeline (receipt, the waits on the customer, response, outcome, objection) is measured twice,
 * under the rules in force and under the proposed ones, with the same engine: the working-day
 * calendar and the same deadline rules the workflow applies. Pure: the caller loads the cases.
 */
import { WorkingDayCalendar, type CalendarOptions } from '../calendar/workingDays';
import type { Settings } from '../db/settings';
import { parsePeriod, type Period } from './period';
import type { CaseType } from '../domain/case';
import { RESOLUTION_WORKING_DAYS, SUBSTANTIVE_RESPONSE_WORKING_DAYS } from '../domain/deadlines';

export interface WhatIfRules {
  responseWorkingDays: number;
  resolutionWorkingDays: number;
  /** The clocks stand still while the case waits on the customer (deadlines move when the wait ends). */
  pauseWhileWaitingOnCustomer: boolean;
  calendar: CalendarOptions;
  objectionWindowDays: number;
}

/** What the read model recorded of one case. */
export interface RecordedCase {
  reference: string;
  caseType: CaseType;
  receivedAt: Date;
  respondedAt: Date | null;
  resolvedAt: Date | null;
  objectedAt: Date | null;
  /** Withdrawn cases are measured up to their withdrawal: a deadline after it was never due. */
  withdrawnAt: Date | null;
  /** From each first question to the customer's answer (the end is null while still waiting). */
  waits: { from: Date; to: Date | null }[];
}

export interface MilestoneTally { met: number; breached: number; notDue: number }

export interface WhatIfTally {
  response: Record<CaseType, MilestoneTally>;
  resolution: MilestoneTally;
  /** Objections made within the window, and those the window would have refused. */
  objections: { inWindow: number; outsideWindow: number };
}

export interface WhatIfChange {
  reference: string;
  milestone: 'response' | 'resolution' | 'objection';
  current: 'met' | 'breached' | 'not-due' | 'in-window' | 'outside-window';
  proposed: 'met' | 'breached' | 'not-due' | 'in-window' | 'outside-window';
}

export interface WhatIfResult {
  cases: number;
  current: WhatIfTally;
  proposed: WhatIfTally;
  /** The cases whose verdict differs, to look at one by one. */
  changes: WhatIfChange[];
}

export const CURRENT_TARGETS = { responseWorkingDays: SUBSTANTIVE_RESPONSE_WORKING_DAYS, resolutionWorkingDays: RESOLUTION_WORKING_DAYS };

type Verdict = 'met' | 'breached' | 'not-due';

interface Measured { response: Verdict; resolution?: Verdict; objection?: 'in-window' | 'outside-window' }

/**
 * A deadline of `workingDays` after receipt, moved by each wait that began before it (as the
 * workflow does when a wait ends, with the pause policy); a wait still running moves it to `asOf`.
 */
function deadline(calendar: WorkingDayCalendar, c: RecordedCase, workingDays: number, pause: boolean, asOf: Date): Date {
  let due = calendar.addWorkingDays(c.receivedAt, workingDays).deadline;
  if (!pause) return due;
  for (const wait of c.waits) {
    if (wait.from.getTime() >= due.getTime()) continue;
    const end = wait.to ?? asOf;
    const paused = calendar.workingDaysBetween(wait.from, end);
    if (paused > 0) due = calendar.addWorkingDays(due, paused).deadline;
  }
  return due;
}

function verdict(done: Date | null, due: Date, c: RecordedCase, asOf: Date): Verdict {
  if (done) return done.getTime() <= due.getTime() ? 'met' : 'breached';
  // Withdrawn before its deadline: that deadline never came.
  if (c.withdrawnAt && c.withdrawnAt.getTime() <= due.getTime()) return 'not-due';
  return due.getTime() < asOf.getTime() ? 'breached' : 'not-due';
}

function measure(calendar: WorkingDayCalendar, rules: WhatIfRules, c: RecordedCase, asOf: Date): Measured {
  const pause = rules.pauseWhileWaitingOnCustomer;
  // The outcome answers too when no separate response was sent (as in the workflow).
  const responded = c.respondedAt ?? c.resolvedAt;
  const out: Measured = {
    response: verdict(responded, deadline(calendar, c, rules.responseWorkingDays, pause, asOf), c, asOf),
  };
  if (c.caseType === 'complaint') {
    out.resolution = verdict(c.resolvedAt, deadline(calendar, c, rules.resolutionWorkingDays, pause, asOf), c, asOf);
    if (c.resolvedAt && c.objectedAt) {
      const window = calendar.addCalendarDays(c.resolvedAt, rules.objectionWindowDays).deadline;
      out.objection = c.objectedAt.getTime() <= window.getTime() ? 'in-window' : 'outside-window';
    }
  }
  return out;
}

const emptyTally = (): WhatIfTally => ({
  response: { complaint: { met: 0, breached: 0, notDue: 0 }, feedback: { met: 0, breached: 0, notDue: 0 } },
  resolution: { met: 0, breached: 0, notDue: 0 },
  objections: { inWindow: 0, outsideWindow: 0 },
});

function count(t: WhatIfTally, c: RecordedCase, m: Measured): void {
  const key = (v: Verdict) => (v === 'not-due' ? 'notDue' : v);
  t.response[c.caseType][key(m.response)] += 1;
  if (m.resolution) t.resolution[key(m.resolution)] += 1;
  if (m.objection === 'in-window') t.objections.inWindow += 1;
  if (m.objection === 'outside-window') t.objections.outsideWindow += 1;
}

export function whatIf(cases: RecordedCase[], current: WhatIfRules, proposed: WhatIfRules, asOf: Date): WhatIfResult {
  const calendars = { current: new WorkingDayCalendar(current.calendar), proposed: new WorkingDayCalendar(proposed.calendar) };
  const result: WhatIfResult = { cases: cases.length, current: emptyTally(), proposed: emptyTally(), changes: [] };
  for (const c of cases) {
    const before = measure(calendars.current, current, c, asOf);
    const after = measure(calendars.proposed, proposed, c, asOf);
    count(result.current, c, before);
    count(result.proposed, c, after);
    for (const milestone of ['response', 'resolution', 'objection'] as const) {
      const a = before[milestone];
      const b = after[milestone];
      if (a && b && a !== b) result.changes.push({ reference: c.reference, milestone, current: a, proposed: b });
    }
  }
  return result;
}

// -------------------------------------------------------------------------------------------------
// The proposal, as a person states it (the page's form, the command line)

/** What changes; what is absent keeps the rule in force. */
export interface WhatIfChangeRequest extends Partial<Omit<WhatIfRules, 'calendar'>> {
  extraClosureDays: string[];
}

type Reason = { nl: string; en: string };

function whole(value: unknown, what: Reason, max: number): number | Reason | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n
    : { nl: `${what.nl} moet een geheel getal van 1 tot en met ${max} zijn.`, en: `${what.en} must be a whole number from 1 to ${max}.` };
}

const isReason = (x: unknown): x is Reason => typeof x === 'object' && x !== null && 'nl' in x;

/** The period and the proposed change, or the reason they cannot be measured. */
export function parseWhatIfRequest(input: Record<string, unknown>):
  { ok: true; value: { period: Period; change: WhatIfChangeRequest } } | { ok: false; error: Reason } {
  const period = parsePeriod({ from: input.from, to: input.to });
  if (!period.ok) return { ok: false, error: period.error.message };
  const days = typeof input.closureDays === 'string' ? input.closureDays.split(/[\s,;]+/).filter(Boolean)
    : Array.isArray(input.closureDays) ? input.closureDays.map(String) : [];
  const badDay = days.find((d) => !parsePeriod({ from: d, to: d }).ok);
  if (badDay) return { ok: false, error: { nl: `"${badDay}" is geen datum (jjjj-mm-dd).`, en: `"${badDay}" is not a date (yyyy-mm-dd).` } };
  const response = whole(input.responseDays, { nl: 'De termijn voor de reactie', en: 'The response time limit' }, 60);
  const settlement = whole(input.settlementDays, { nl: 'De afhandeltermijn', en: 'The settlement time limit' }, 250);
  const window = whole(input.objectionWindow, { nl: 'De bezwaartermijn', en: 'The objection window' }, 365);
  for (const x of [response, settlement, window]) if (isReason(x)) return { ok: false, error: x };
  if (input.pause !== undefined && input.pause !== '' && input.pause !== 'on' && input.pause !== 'off') {
    return { ok: false, error: { nl: 'Kies of de klok stilstaat tijdens het wachten.', en: 'Choose whether the clock pauses.' } };
  }
  const change: WhatIfChangeRequest = { extraClosureDays: days };
  if (typeof response === 'number') change.responseWorkingDays = response;
  if (typeof settlement === 'number') change.resolutionWorkingDays = settlement;
  if (typeof window === 'number') change.objectionWindowDays = window;
  if (input.pause === 'on' || input.pause === 'off') change.pauseWhileWaitingOnCustomer = input.pause === 'on';
  return { ok: true, value: { period: period.value, change } };
}

/** The rules in force (the administrators' settings), and those with the change applied. */
export function rulesOf(settings: Settings, change: WhatIfChangeRequest): { current: WhatIfRules; proposed: WhatIfRules } {
  const current: WhatIfRules = {
    ...CURRENT_TARGETS,
    pauseWhileWaitingOnCustomer: settings.policy.pauseWhileWaitingOnCustomer,
    calendar: settings.calendar,
    objectionWindowDays: settings.policy.objectionWindowDays,
  };
  const { extraClosureDays, ...rest } = change;
  const proposed: WhatIfRules = {
    ...current, ...rest,
    calendar: { ...current.calendar, closureDays: [...new Set([...current.calendar.closureDays, ...extraClosureDays])].sort() },
  };
  return { current, proposed };
}
