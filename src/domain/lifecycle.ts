/**
 * The life of a case as pure rules: its state, which action fits which state (and why not), and
 * which milestone of the procedure comes next. The workflow (workflows/caseWorkflow.ts) applies
 * these rules; the admin UI and the status page use them to offer only actions that fit.
 * Pure: no clock (callers pass `now`), no I/O; safe inside Temporal's workflow sandbox.
 */
import { OPEN_STATUSES, type CaseDeadlines, type CaseStatus, type CaseType, type CaseWorkflowInput, type Channel, type Language } from './case';
import type { CasePolicy } from './policy';
import { lineProblem, textProblem, textProblemText, type TextProblem } from './text';

export const SYSTEM = 'systeem';
export const CUSTOMER = 'klant';

export type TimelineEvent =
  | 'received'
  | 'acknowledgement-sent'
  | 'acknowledgement-failed'
  | 'acknowledgement-overdue'
  | 'handler-assigned'
  | 'information-requested'
  | 'customer-replied'
  | 'substantive-response-reminder'
  | 'substantive-response-sent'
  | 'substantive-response-overdue'
  | 'proposal'
  | 'marked-complex'
  | 'resolution-warning'
  | 'resolution-overdue'
  | 'resolved'
  | 'outcome-accepted'
  | 'objection'
  | 'objection-review-overdue'
  | 'objection-decided'
  | 'withdrawn'
  | 'objection-window-closed'
  | 'note'
  | 'deadlines-recomputed'
  | 'converted-to-complaint'
  | 'email-failed'
  /** A step of the case failed for good (activities/faults.ts); a coordinator has a task. */
  | 'step-failed';

export interface TimelineEntry {
  seq: number;
  at: string;
  event: TimelineEvent;
  /** SYSTEM, CUSTOMER or the staff member. */
  actor: string;
  /** Public entries are shown to the customer on the status page; internal ones only to staff. */
  visibility: 'public' | 'internal';
  text?: string;
  detail?: Record<string, string | number | boolean>;
}

/** How a case ended; feedback ends with its substantive response ('answered'). */
/** Whether a complaint was justified, recorded with the outcome (gegrond / deels gegrond / ongegrond). */
export const JUSTIFIED = ['justified', 'partly', 'unjustified'] as const;
export type Justified = (typeof JUSTIFIED)[number];

/** An improvement action that comes out of a complaint, tracked on its own with a task to its owner. */
export interface ImprovementAction {
  text: string;
  owner: string;
  /** yyyy-MM-dd */
  dueDate: string;
}

export type Closure = 'no-objection' | 'accepted' | 'objection-decided' | 'withdrawn' | 'answered';

export interface CaseState {
  reference: string;
  caseType: CaseType;
  channel: Channel;
  receivedAt: string;
  hasEmail: boolean;
  status: CaseStatus;
  handler?: string;
  /** The handler's stable staff id, for the CaseHandler search attribute (no email address in plain text). */
  handlerRef?: string;
  /** Everyone who has handled the case: none of them may decide on an objection. */
  formerHandlers?: string[];
  deadlines: CaseDeadlines;
  policy: CasePolicy;
  acknowledged: boolean;
  substantiveResponseAt?: string;
  waitingOnCustomerSince?: string;
  complex?: { reason: string; expectedDate: string };
  /** `justified` and `rootCause` are recorded for the analysis (absent in cases resolved before that). */
  outcome?: { outcome: string; solution: string; at: string; by: string; justified?: Justified; rootCause?: string };
  /** When staff turned the customer's feedback into a complaint. */
  convertedAt?: string;
  objectionWindowEnds?: string;
  /** reviewDue follows from the calendar, planned by an activity just after the objection. */
  objection?: { reason: string; at: string; reviewDue?: string; excluded?: string[] };
  decision?: { decision: string; upheld: boolean; at: string; by: string };
  closure?: Closure;
  /** Milestone keys whose deadline passed unmet: recorded, never hidden. */
  breaches: string[];
  handledMilestones: string[];
  customerMessages: number;
  timeline: TimelineEntry[];
}

// ---------------------------------------------------------------------------------------------
// Milestones: the timers of the procedure

export type MilestoneKind =
  | 'acknowledgement-overdue'
  | 'substantive-response-reminder'
  | 'substantive-response-overdue'
  | 'resolution-warning'
  | 'resolution-overdue'
  | 'objection-window-closed'
  | 'objection-review-overdue';

export interface Milestone {
  key: string;
  kind: MilestoneKind;
  at: string;
  workingDay?: number;
}

/** Milestones whose deadline passing unmet is a breach of a promise. */
export const BREACHES: readonly MilestoneKind[] = [
  'acknowledgement-overdue', 'substantive-response-overdue', 'resolution-overdue', 'objection-review-overdue',
];

/** Whether the 5- and 34-working-day clocks stand still: the pause policy, while we wait on the customer. */
export function isPaused(s: CaseState): boolean {
  return s.policy.pauseWhileWaitingOnCustomer && s.waitingOnCustomerSince !== undefined;
}

/**
 * The milestones still ahead of (or now due for) a case in this state, earliest first. While
 * the clocks are paused (`isPaused`) the 5- and 34-working-day milestones are not pending: their
 * deadlines move when the wait ends. `pauseAware: false` only for workflow versions before that rule.
 */
export function pendingMilestones(s: CaseState, o: { pauseAware?: boolean } = {}): Milestone[] {
  if (s.status === 'closed') return [];
  const paused = o.pauseAware !== false && isPaused(s);
  const open = OPEN_STATUSES.includes(s.status) && !paused;
  const all: Milestone[] = [];
  if (s.channel === 'web' && !s.acknowledged) {
    all.push({ key: 'acknowledgement-overdue', kind: 'acknowledgement-overdue', at: s.deadlines.acknowledgementDue });
  }
  if (open && !s.substantiveResponseAt) {
    all.push(
      { key: 'substantive-response-reminder', kind: 'substantive-response-reminder', at: s.deadlines.substantiveResponseReminder },
      { key: 'substantive-response-overdue', kind: 'substantive-response-overdue', at: s.deadlines.substantiveResponseDue },
    );
  }
  if (open && s.caseType === 'complaint' && s.deadlines.resolutionDue) {
    for (const w of s.deadlines.resolutionWarnings ?? []) {
      all.push({ key: `resolution-warning-${w.workingDay}`, kind: 'resolution-warning', at: w.at, workingDay: w.workingDay });
    }
    all.push({ key: 'resolution-overdue', kind: 'resolution-overdue', at: s.deadlines.resolutionDue });
  }
  if (s.status === 'resolved' && s.objectionWindowEnds) {
    all.push({ key: 'objection-window-closed', kind: 'objection-window-closed', at: s.objectionWindowEnds });
  }
  if (s.status === 'objected' && s.objection?.reviewDue) {
    all.push({ key: 'objection-review-overdue', kind: 'objection-review-overdue', at: s.objection.reviewDue });
  }
  return all
    .filter((m) => !s.handledMilestones.includes(m.key))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** A case as its workflow starts it: received, nothing done yet. */
export function initialCaseState(input: CaseWorkflowInput): CaseState {
  return {
    reference: input.reference,
    caseType: input.caseType,
    channel: input.channel,
    receivedAt: input.receivedAt,
    hasEmail: input.hasEmail,
    status: 'received',
    deadlines: input.deadlines,
    policy: input.policy,
    acknowledged: false,
    breaches: [],
    handledMilestones: [],
    customerMessages: 0,
    timeline: [],
  };
}

/**
 * The next deadline that matters to staff (for lists and Temporal Web): the earliest pending
 * breach, pause included (none of the paused clocks while the case waits on the customer).
 */
export function nextDeadline(s: CaseState, o: { pauseAware?: boolean } = {}): string | undefined {
  return pendingMilestones(s, o).find((m) => BREACHES.includes(m.kind))?.at;
}

/** The case's state without its timeline: what the read model keeps beside the timeline's entries. */
export type CaseStateWithoutTimeline = Omit<CaseState, 'timeline'>;

export function withoutTimeline(s: CaseState): CaseStateWithoutTimeline {
  const { timeline: _timeline, ...rest } = s;
  return rest;
}

/** What the read model keeps of the state (the columns lists and reports use, and the pages' state). */
export function snapshotOf(s: CaseState, o: { pauseAware?: boolean } = {}) {
  return {
    status: s.status,
    handler: s.handler ?? null,
    nextDeadline: nextDeadline(s, o) ?? null,
    breaches: s.breaches,
    deadlines: s.deadlines,
    closure: s.closure ?? null,
    // For the analysis (src/analysis): when each promise was kept, and how the case was judged.
    caseType: s.caseType,
    receivedAt: s.receivedAt,
    acknowledgedAt: s.timeline.find((e) => e.event === 'acknowledgement-sent')?.at ?? null,
    respondedAt: s.substantiveResponseAt ?? null,
    resolvedAt: s.outcome?.at ?? null,
    complex: s.complex !== undefined,
    objectedAt: s.objection?.at ?? null,
    objectionUpheld: s.decision?.upheld ?? null,
    justified: s.outcome?.justified ?? null,
    rootCause: s.outcome?.rootCause ?? null,
    convertedAt: s.convertedAt ?? null,
    // The pages read the case from here (src/cases/caseStateForPages.ts): no query to its workflow.
    state: withoutTimeline(s),
  };
}

/**
 * `version`: the workflow numbers its snapshots, one higher each (the read model keeps the
 * highest); none from a rebuild, which goes by the entry's number.
 */
export type CaseSnapshot = ReturnType<typeof snapshotOf> & { version?: number };

// ---------------------------------------------------------------------------------------------
// Actions: what staff and customers can do, and why not

/**
 * `asAgent`: the action comes from an agent, who acts only on cases assigned to them or not
 * assigned at all (team leads and coordinators act on every case). The workflow checks it with
 * the rest, so that it holds at the moment of the action.
 */
export type StaffAction = { asAgent?: boolean } & (
  /** `unassignedOnly`: taking the case, which must fail if someone else took it first. */
  | {
    type: 'assignHandler'; handler: string; by: string; unassignedOnly?: boolean;
    /** The handler's stable staff id (`staff-<id>`, src/domain/staff.ts): what Temporal's CaseHandler shows. */
    handlerRef?: string;
  }
  | { type: 'requestInformation'; question: string; by: string }
  | { type: 'substantiveResponseSent'; text: string; by: string }
  | { type: 'addProposal'; text: string; by: string }
  | { type: 'markComplex'; reason: string; expectedDate: string; by: string }
  | {
    type: 'resolve'; outcome: string; solution: string; by: string;
    justified: Justified; rootCause: string; improvement?: ImprovementAction;
  }
  | { type: 'convertToComplaint'; reason: string; by: string }
  | { type: 'objectionDecided'; decision: string; upheld: boolean; by: string }
  | { type: 'addNote'; text: string; by: string }
  | { type: 'recomputeDeadlines'; by: string });

export type CustomerAction =
  | { type: 'customerReplied'; text: string }
  | { type: 'objection'; reason: string; by?: string }
  | { type: 'acceptOutcome' }
  | { type: 'withdraw'; reason?: string; by?: string };

export type Action = StaffAction | CustomerAction;

const CUSTOMER_ACTIONS: readonly string[] = ['customerReplied', 'objection', 'acceptOutcome', 'withdraw'];
export function isCustomerAction(action: Action): action is CustomerAction {
  return CUSTOMER_ACTIONS.includes(action.type);
}

const STAFF_TEXT_MAX = 10_000;
const NAME_MAX = 200;
/**
 * Texts staff may add to one case (notes, questions, proposals): the case's state, with its
 * timeline, travels in every query and Update result, which Temporal caps at 2 MB.
 */
export const STAFF_TEXTS_PER_CASE = 100;
const STAFF_TEXT_EVENTS: readonly TimelineEvent[] = ['note', 'information-requested', 'proposal'];

/** What a refused staff text is, as the refusal names it. */
const WHAT = {
  by: { nl: 'Wie de actie uitvoert', en: 'The person acting' },
  handler: { nl: 'De behandelaar', en: 'The handler' },
  note: { nl: 'De notitie', en: 'The note' },
  question: { nl: 'De vraag', en: 'The question' },
  response: { nl: 'De reactie', en: 'The response' },
  proposal: { nl: 'Het voorstel', en: 'The proposal' },
  reason: { nl: 'De reden', en: 'The reason' },
  outcome: { nl: 'De uitkomst', en: 'The outcome' },
  solution: { nl: 'De oplossing', en: 'The solution' },
  decision: { nl: 'De beslissing', en: 'The decision' },
  improvement: { nl: 'De verbeteractie', en: 'The improvement action' },
  improvementOwner: { nl: 'De eigenaar van de verbeteractie', en: 'The owner of the improvement action' },
} satisfies Record<string, Record<Language, string>>;
type What = keyof typeof WHAT;

/** Refusals staff see, in the page's language (the workflow's own refusals are Dutch). */
const STAFF_REFUSALS = {
  nl: {
    missing: (what: string) => `${what} ontbreekt.`,
    tooLong: (what: string, max: number) => `${what} is te lang (maximaal ${max} tekens).`,
    textCap: (n: number) => `Deze zaak heeft al ${n} notities, vragen en voorstellen; meer kan er niet bij. Vat samen in de uitkomst of bel de klant.`,
    notOpen: (status: string) => `Dit kan niet meer: de zaak is ${status}.`,
    closed: 'De zaak is gesloten.',
    handledBy: (handler: string) => `Deze zaak wordt behandeld door ${handler}; vraag een teamleider om hem aan je toe te wijzen.`,
    handlerDuringObjection: 'Tijdens een bezwaar kan de behandelaar niet wijzigen.',
    alreadyTaken: (handler: string) => `De zaak is al opgepakt door ${handler}.`,
    noEmail: 'De klant heeft geen e-mailadres opgegeven; vraag het telefonisch na.',
    responseSent: 'De inhoudelijke reactie is al verstuurd; doe een voorstel of leg de uitkomst vast.',
    responseFirst: 'Verstuur eerst de inhoudelijke reactie.',
    expectedDateInvalid: 'De verwachte datum is geen geldige datum (jjjj-mm-dd).',
    expectedDatePast: 'De verwachte datum ligt in het verleden.',
    feedbackNoOutcome: 'Feedback krijgt geen uitkomst en geen bezwaarfase: de inhoudelijke reactie rondt de feedback af.',
    justified: 'Kies of de klacht gegrond, deels gegrond of ongegrond is.',
    rootCause: 'Kies de oorzaak van de klacht.',
    alreadyComplaint: 'Dit is al een klacht.',
    noObjection: 'Er is geen bezwaar om over te beslissen.',
    involved: 'Het bezwaar moet worden beoordeeld door een collega die niet bij de behandeling betrokken was '
      + '(behandelaar, reactie, voorstel, vraag aan de klant of uitkomst).',
    improvementDateInvalid: 'De streefdatum van de verbeteractie is geen geldige datum (jjjj-mm-dd).',
    improvementDatePast: 'De streefdatum van de verbeteractie ligt in het verleden.',
  },
  en: {
    missing: (what: string) => `${what} is missing.`,
    tooLong: (what: string, max: number) => `${what} is too long (at most ${max} characters).`,
    textCap: (n: number) => `This case already has ${n} notes, questions and proposals; no more can be added. Sum up in the outcome or call the customer.`,
    notOpen: (status: string) => `This is no longer possible: the case is ${status}.`,
    closed: 'The case is closed.',
    handledBy: (handler: string) => `This case is handled by ${handler}; ask a team lead to assign it to you.`,
    handlerDuringObjection: 'The handler cannot change while an objection is under review.',
    alreadyTaken: (handler: string) => `The case has already been taken by ${handler}.`,
    noEmail: 'The customer gave no email address; ask by phone.',
    responseSent: 'The substantive response has already been sent; make a proposal or record the outcome.',
    responseFirst: 'Send the substantive response first.',
    expectedDateInvalid: 'The expected date is not a valid date (yyyy-mm-dd).',
    expectedDatePast: 'The expected date is in the past.',
    feedbackNoOutcome: 'Feedback gets no outcome and no objection stage: the substantive response completes it.',
    justified: 'Choose whether the complaint is justified, partly justified or unjustified.',
    rootCause: 'Choose the root cause of the complaint.',
    alreadyComplaint: 'This is already a complaint.',
    noObjection: 'There is no objection to decide on.',
    involved: 'The objection must be reviewed by a colleague who was not involved in handling the case '
      + '(handler, response, proposal, question to the customer or outcome).',
    improvementDateInvalid: 'The due date of the improvement action is not a valid date (yyyy-mm-dd).',
    improvementDatePast: 'The due date of the improvement action is in the past.',
  },
} satisfies Record<Language, unknown>;

function staffTextCap(s: CaseState, lang: Language): string | undefined {
  const used = s.timeline.filter((e) => STAFF_TEXT_EVENTS.includes(e.event)).length;
  return used >= STAFF_TEXTS_PER_CASE ? STAFF_REFUSALS[lang].textCap(STAFF_TEXTS_PER_CASE) : undefined;
}

/** A staff text: present, not too long, and only characters that can be stored (src/domain/text.ts). */
function text(value: unknown, max: number, what: What, lang: Language): string | undefined {
  const named = WHAT[what][lang];
  if (typeof value !== 'string' || value.trim() === '') return STAFF_REFUSALS[lang].missing(named);
  if (value.length > max) return STAFF_REFUSALS[lang].tooLong(named, max);
  const problem = textProblem(value);
  return problem ? textProblemText(named, problem, lang) : undefined;
}

/** A staff member's name: one line. */
function name(value: unknown, what: What, lang: Language): string | undefined {
  const problem = text(value, NAME_MAX, what, lang);
  if (problem) return problem;
  const line = lineProblem(value as string);
  return line ? textProblemText(WHAT[what][lang], line, lang) : undefined;
}

const STATUS_NL: Record<CaseStatus, string> = {
  received: 'ontvangen',
  'in-progress': 'in behandeling',
  'awaiting-customer': 'wacht op de klant',
  responded: 'inhoudelijk beantwoord',
  resolved: 'afgehandeld (bezwaartermijn loopt)',
  objected: 'bezwaar in behandeling',
  closed: 'gesloten',
};

const STATUS_EN: Record<CaseStatus, string> = {
  received: 'received',
  'in-progress': 'in progress',
  'awaiting-customer': 'waiting on the customer',
  responded: 'responded',
  resolved: 'settled (objection window open)',
  objected: 'objection under review',
  closed: 'closed',
};

/** The status as staff read it (the workflow's refusals are Dutch, so the default is too). */
export function statusLabel(status: CaseStatus, lang: Language = 'nl'): string {
  return (lang === 'en' ? STATUS_EN : STATUS_NL)[status];
}

export interface RefusalOptions {
  /**
   * Whether the customer's texts are checked for characters that cannot be stored (default
   * true). Only the workflow turns it off, for signals of histories from before that rule.
   */
  customerTextRules?: boolean;
}

/**
 * Why `action` does not fit the case now, or undefined when it does. Checks the state and the
 * input; `now` is the caller's clock. In `lang`: the page's language for staff (the workflow's
 * Updates refuse in Dutch), the customer's own for customers.
 */
export function refusal(s: CaseState, action: Action, now: number, lang: Language = 'nl', o: RefusalOptions = {}): string | undefined {
  const open = OPEN_STATUSES.includes(s.status);
  const staff = STAFF_REFUSALS[lang];
  const notOpen = staff.notOpen(statusLabel(s.status, lang));
  if (s.status === 'closed') return isCustomerAction(action) ? CUSTOMER_REFUSALS[lang].closed : staff.closed;
  if ('by' in action && action.by !== undefined) {
    const problem = name(action.by, 'by', lang);
    if (problem) return problem;
  }
  if ('asAgent' in action && action.asAgent && s.handler && s.handler !== action.by) {
    return staff.handledBy(s.handler);
  }
  switch (action.type) {
    case 'assignHandler':
      // Reassigning during an objection would let a former handler become its reviewer.
      if (s.status === 'objected') return staff.handlerDuringObjection;
      // Checked in the workflow, where no other Update can come in between: two agents never both take it.
      if (action.unassignedOnly && s.handler) return staff.alreadyTaken(s.handler);
      return name(action.handler, 'handler', lang);
    case 'addNote':
      return staffTextCap(s, lang) ?? text(action.text, STAFF_TEXT_MAX, 'note', lang);
    case 'recomputeDeadlines':
      return open ? undefined : notOpen;
    case 'requestInformation':
      if (!open) return notOpen;
      if (!s.hasEmail) return staff.noEmail;
      return staffTextCap(s, lang) ?? text(action.question, STAFF_TEXT_MAX, 'question', lang);
    case 'substantiveResponseSent':
      if (!open) return notOpen;
      if (s.substantiveResponseAt) return staff.responseSent;
      return text(action.text, STAFF_TEXT_MAX, 'response', lang);
    case 'addProposal':
      if (!open) return notOpen;
      if (!s.substantiveResponseAt) return staff.responseFirst;
      return staffTextCap(s, lang) ?? text(action.text, STAFF_TEXT_MAX, 'proposal', lang);
    case 'markComplex': {
      if (!open) return notOpen;
      const problem = text(action.reason, STAFF_TEXT_MAX, 'reason', lang);
      if (problem) return problem;
      if (!isDate(action.expectedDate)) return staff.expectedDateInvalid;
      if (Date.parse(`${action.expectedDate}T23:59:59Z`) < now) return staff.expectedDatePast;
      return undefined;
    }
    case 'resolve':
      if (!open) return notOpen;
      // Feedback ends with its substantive response; only complaints get an outcome and an
      // objection stage. (Feedback already 'responded' comes from workflow versions before that rule.)
      if (s.caseType === 'feedback' && s.status !== 'responded') {
        return staff.feedbackNoOutcome;
      }
      return text(action.outcome, STAFF_TEXT_MAX, 'outcome', lang) ?? text(action.solution, STAFF_TEXT_MAX, 'solution', lang)
        ?? (JUSTIFIED.includes(action.justified) ? undefined : staff.justified)
        ?? (ROOT_CAUSE_KEY.test(String(action.rootCause ?? '')) ? undefined : staff.rootCause)
        ?? (action.improvement ? improvementRefusal(action.improvement, now, lang) : undefined);
    case 'convertToComplaint':
      if (!open) return notOpen;
      if (s.caseType !== 'feedback') return staff.alreadyComplaint;
      return text(action.reason, STAFF_TEXT_MAX, 'reason', lang);
    case 'objectionDecided':
      if (s.status !== 'objected') return staff.noObjection;
      if (reviewExclusions(s).includes(action.by)) return staff.involved;
      return text(action.decision, STAFF_TEXT_MAX, 'decision', lang);
    case 'customerReplied':
      if (s.status !== 'awaiting-customer' && s.status !== 'responded') return CUSTOMER_REFUSALS[lang].noReplyExpected;
      return customerMessageRefusal(s, action.text, lang, o);
    case 'objection':
      if (s.status !== 'resolved') return CUSTOMER_REFUSALS[lang].noOutcomeYet;
      if (s.objectionWindowEnds && now > Date.parse(s.objectionWindowEnds)) return CUSTOMER_REFUSALS[lang].windowPassed;
      // Registered by staff from a call: the customer's message cap does not apply.
      if (action.by) return text(action.reason, STAFF_TEXT_MAX, 'reason', lang);
      return customerMessageRefusal(s, action.reason, lang, o);
    case 'acceptOutcome':
      return s.status === 'resolved' ? undefined : CUSTOMER_REFUSALS[lang].noOutcomeYet;
    case 'withdraw':
      // Withdrawing is always possible before closure, also past the message cap.
      if (action.reason && action.reason.length > s.policy.maxMessageLength) {
        return CUSTOMER_REFUSALS[lang].tooLong(s.policy.maxMessageLength);
      }
      return action.reason ? customerTextRefusal(action.reason, lang, o) : undefined;
  }
}

/** Root causes are keys of the list that administrators manage (root_causes). */
const ROOT_CAUSE_KEY = /^[a-z][a-z0-9-]{1,39}$/;
const IMPROVEMENT_TEXT_MAX = 2000;

function improvementRefusal(a: ImprovementAction, now: number, lang: Language): string | undefined {
  return text(a.text, IMPROVEMENT_TEXT_MAX, 'improvement', lang)
    ?? name(a.owner, 'improvementOwner', lang)
    ?? (isDate(a.dueDate) ? undefined : STAFF_REFUSALS[lang].improvementDateInvalid)
    ?? (Date.parse(`${a.dueDate}T23:59:59Z`) < now ? STAFF_REFUSALS[lang].improvementDatePast : undefined);
}

function isDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** Refusals the customer sees on the status page, in the customer's language. */
const CUSTOMER_REFUSALS = {
  nl: {
    closed: 'Je zaak is gesloten.',
    noReplyExpected: 'We wachten op dit moment niet op een reactie van je.',
    noOutcomeYet: 'Er is nog geen uitkomst. Bezwaar maken of de uitkomst accepteren kan nadat we je de uitkomst hebben gestuurd.',
    windowPassed: 'De termijn om bezwaar te maken is verstreken.',
    cap: 'Je hebt het maximale aantal berichten voor deze zaak bereikt. Bel ons op 088 228 9849, dan helpen we je verder.',
    empty: 'Schrijf eerst je bericht.',
    tooLong: (max: number) => `Je bericht is te lang (maximaal ${max} tekens).`,
    characters: {
      'control-character': 'Je bericht bevat een onzichtbaar teken dat we niet kunnen opslaan. Typ het bericht opnieuw of plak het zonder opmaak.',
      'unpaired-surrogate': 'Je bericht bevat een ongeldig teken. Typ het bericht opnieuw of plak het zonder opmaak.',
    } satisfies Record<TextProblem, string>,
  },
  en: {
    closed: 'Your case is closed.',
    noReplyExpected: 'We are not waiting for a reply from you at the moment.',
    noOutcomeYet: 'There is no outcome yet. You can object to or accept the outcome once we have sent it to you.',
    windowPassed: 'The period for objecting has ended.',
    cap: 'You have reached the maximum number of messages for this case. Please call us on +31 88 228 9849 and we will help you further.',
    empty: 'Please write your message first.',
    tooLong: (max: number) => `Your message is too long (at most ${max} characters).`,
    characters: {
      'control-character': 'Your message contains an invisible character that we cannot store. Please type it again or paste it as plain text.',
      'unpaired-surrogate': 'Your message contains an invalid character. Please type it again or paste it as plain text.',
    } satisfies Record<TextProblem, string>,
  },
};

function customerMessageRefusal(s: CaseState, message: string, lang: Language, o: RefusalOptions): string | undefined {
  const texts = CUSTOMER_REFUSALS[lang];
  if (s.customerMessages >= s.policy.maxCustomerMessages) return texts.cap;
  if (typeof message !== 'string' || message.trim() === '') return texts.empty;
  if (message.length > s.policy.maxMessageLength) return texts.tooLong(s.policy.maxMessageLength);
  return customerTextRefusal(message, lang, o);
}

function customerTextRefusal(message: unknown, lang: Language, o: RefusalOptions): string | undefined {
  if (o.customerTextRules === false) return undefined;
  const problem = typeof message === 'string' ? textProblem(message) : 'control-character';
  return problem ? CUSTOMER_REFUSALS[lang].characters[problem] : undefined;
}

/** Timeline events by which staff act on the substance of a case (internal notes are not). */
const SUBSTANCE_EVENTS: readonly TimelineEvent[] = [
  'information-requested', 'substantive-response-sent', 'proposal', 'marked-complex', 'resolved',
];

/**
 * Who may not decide on the objection: the outcome email promises "een collega die niet bij de
 * behandeling betrokken was". That excludes every handler the case had and everyone who acted
 * on its substance: asked the customer, responded, proposed, marked it complex, recorded the outcome.
 */
export function reviewExclusions(s: CaseState): string[] {
  const people = [
    ...(s.formerHandlers ?? []),
    s.handler,
    s.outcome?.by,
    ...s.timeline.filter((e) => SUBSTANCE_EVENTS.includes(e.event)).map((e) => e.actor),
  ];
  return [...new Set(people.filter((p): p is string => Boolean(p) && p !== SYSTEM && p !== CUSTOMER))];
}

/** The status an accepted action leads to (actions not listed keep the status). */
export function nextStatus(s: CaseState, action: Action): CaseStatus {
  switch (action.type) {
    case 'requestInformation':
      return 'awaiting-customer';
    case 'customerReplied':
      return s.substantiveResponseAt ? 'responded' : 'in-progress';
    case 'substantiveResponseSent':
      // Feedback ends with its response (and a thank-you); a complaint goes on to a solution.
      return s.caseType === 'feedback' ? 'closed' : 'responded';
    case 'resolve':
      return 'resolved';
    case 'objection':
      return 'objected';
    case 'acceptOutcome':
    case 'objectionDecided':
    case 'withdraw':
      return 'closed';
    default:
      return s.status;
  }
}
