/**
 * The case workflow at the edges a careful coordinator tries: a pause that ends after the
 * original deadline, a second question, deadlines recomputed after closure days were added, an
 * objection window that ends on Christmas Day, an objection decided by someone involved, and
 * feedback that ends with its response. Time-skipping server, real activities, Postgres and SMTP.
 *
 * The complaint scenario is received on Thursday 24 December (Y) at 16:00 Amsterdam time; its
 * deadlines, worked out by hand (see caseWorkflow.test.ts): reminder at the end of working day 3
 * (Wed 30 Dec), working day 5 Mon 4 Jan (N), 25 Mon 1 Feb, 30 Mon 8 Feb, 34 Fri 12 Feb.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { WorkingDayCalendar, DEFAULT_CALENDAR_OPTIONS } from '../../src/calendar/workingDays';
import { caseInReadModel } from '../../src/db/caseEvents';
import { getCase } from '../../src/db/cases';
import { listOutbox } from '../../src/db/outbox';
import { listTasks } from '../../src/db/tasks';
import { Breached, CaseChannel, CaseReference, CaseStatus, CaseType, NextDeadline } from '../../src/temporal/searchAttributes';
import {
  assignHandlerUpdate,
  customerRepliedSignal,
  objectionDecidedUpdate,
  objectionSignal,
  recomputeDeadlinesUpdate,
  requestInformationUpdate,
  resolveUpdate,
  substantiveResponseSentUpdate,
  withdrawSignal,
  type caseWorkflow,
} from '../../workflows';
import {
  amsterdam, d, endOfDay, expectAround, N, RECEIVED, recordHistory, refusedWith, useCaseScenario, Y, type Handle,
} from '../support/caseScenario';
import { storeCase } from '../support/cases';
import { eventually, TASK_QUEUE } from '../support/timeSkipping';

const scenario = useCaseScenario();
const { receive, state, mailsTo, outboxSettled } = scenario;

const nextDeadlineAttribute = async (handle: Handle) => (await handle.describe()).typedSearchAttributes.get(NextDeadline)?.toISOString();
const nextDeadlineColumn = async (reference: string) => {
  const [row] = await scenario.sql<{ nextDeadline: Date | null }[]>`SELECT next_deadline AS "nextDeadline" FROM cases WHERE reference = ${reference}`;
  return row?.nextDeadline?.toISOString() ?? null;
};
const tasksOf = (reference: string) => listTasks(scenario.sql, reference);

test('pause policy: a second question keeps the pause, the reply after the old working day 5 moves every deadline without a false breach, tasks follow', async () => {
  const { handle, reference } = await receive({ policy: { pauseWhileWaitingOnCustomer: true } });
  expect(await nextDeadlineAttribute(handle)).toBe(endOfDay('N-01-04'));

  // Monday 28 December 10:00: the first question; the clocks stop. Nothing is due while they do.
  await scenario.ts.skipTo(d('Y-12-28T10:00:00'));
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Wat is het serienummer?', by: 'behandelaar@ccv.test' }] });
  await outboxSettled(reference, 2);
  expect(await nextDeadlineAttribute(handle)).toBeUndefined();
  await eventually(async () => (await nextDeadlineColumn(reference)) === null, 'no next deadline in the case list');

  // Wednesday 30 December 10:00: a second question. The pause still runs from the first one.
  await scenario.ts.skipTo(d('Y-12-30T10:00:00'));
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'En de datum van aankoop?', by: 'behandelaar@ccv.test' }] });
  await outboxSettled(reference, 3);
  expectAround((await state(handle)).waitingOnCustomerSince, d('Y-12-28T10:00:00'));

  // The old reminder (end of Wed 30 Dec) and working day 5 (end of Mon 4 Jan) pass while paused.
  await scenario.ts.skipTo(d('N-01-05T10:00:00'));
  expect((await state(handle)).timeline.map((e) => e.event)).toEqual([
    'received', 'acknowledgement-sent', 'information-requested', 'information-requested',
  ]);

  // Tuesday 5 January 10:00: the answer. Working days waited after Mon 28 Dec, up to and
  // including Tue 5 Jan: Tue 29, Wed 30, Thu 31 Dec, Mon 4, Tue 5 Jan = 5 (Fri 1 Jan is
  // Nieuwjaarsdag, 2/3 Jan a weekend). Every deadline still ahead on 28 Dec moves 5 working days:
  //   reminder    Wed 30 Dec -> Thu 31, Mon 4, Tue 5, Wed 6, Thu 7 Jan
  //   working day 5  Mon 4 Jan  -> Tue 5, Wed 6, Thu 7, Fri 8, Mon 11 Jan
  //   warnings    Mon 1 Feb -> Mon 8 Feb; Mon 8 Feb -> Mon 15 Feb
  //   working day 34 Fri 12 Feb -> Mon 15 .. Fri 19 Feb
  // (Counted from the second question, as before the fix, only 3 days: Thu 7 Jan.)
  await handle.signal(customerRepliedSignal, { text: 'Serienummer 123-456, gekocht op 3 maart.' });
  const moved = await eventually(async () => {
    const s = await state(handle);
    return s.deadlines.substantiveResponseDue !== endOfDay('N-01-04') ? s : undefined;
  }, 'the moved deadlines');
  expect(moved.deadlines).toMatchObject({
    pausedWorkingDays: 5,
    substantiveResponseReminder: endOfDay('N-01-07'),
    substantiveResponseDue: endOfDay('N-01-11'),
    resolutionWarnings: [{ workingDay: 25, at: endOfDay('N-02-08') }, { workingDay: 30, at: endOfDay('N-02-15') }],
    resolutionDue: endOfDay('N-02-19'),
  });
  expect(moved.waitingOnCustomerSince).toBeUndefined();
  // The reply came after the old working day 5, but the deadline in force had not passed: no breach.
  expect(moved.breaches).toEqual([]);
  expect(moved.timeline.map((e) => e.event)).not.toContain('substantive-response-overdue');

  // The triage task, the search attribute and the case list show the deadline in force.
  await eventually(async () => (await tasksOf(reference))[0]?.dueAt?.toISOString() === endOfDay('N-01-11'), 'the triage task to follow');
  expect(await nextDeadlineAttribute(handle)).toBe(endOfDay('N-01-11'));
  expect(await nextDeadlineColumn(reference)).toBe(endOfDay('N-01-11'));

  // The reminder comes at the end of Thu 7 Jan (working day 4 begins), due at the end of Mon 11 Jan.
  await scenario.ts.skipTo(d('N-01-08T12:00:00'));
  const reminder = await eventually(async () => (await tasksOf(reference)).find((t) => t.kind === 'reminder'), 'the reminder');
  expect(reminder.title).toBe(`Herinnering: inhoudelijke reactie op klacht ${reference} uiterlijk aan het eind van werkdag 5`);
  expectAround(reminder.createdAt, endOfDay('N-01-07'));
  expect(reminder.dueAt?.toISOString()).toBe(endOfDay('N-01-11'));

  // No response by the end of Mon 11 Jan: that is the breach, escalated to the team lead.
  await scenario.ts.skipTo(d('N-01-12T10:00:00'));
  const escalation = await eventually(async () => (await tasksOf(reference)).find((t) => t.kind === 'escalation'), 'the escalation');
  expectAround(escalation.createdAt, endOfDay('N-01-11'));
  const s = await state(handle);
  expect(s.breaches).toEqual(['substantive-response-overdue']);
  expectAround(s.timeline.find((e) => e.event === 'substantive-response-overdue')?.at, endOfDay('N-01-11'));
  expect(mailsTo(reference).map((m) => m.subject)).toEqual([
    `We hebben je klacht ontvangen (${reference})`,
    `We hebben een vraag over je klacht (${reference})`,
    `We hebben een vraag over je klacht (${reference})`,
  ]);
  await handle.terminate('test done');
  await recordHistory(handle, 'complaint-paused-twice');
});

test('pause policy: a reply after the original working day 34 moves the warnings and the resolution deadline without a false breach', async () => {
  const { handle, reference } = await receive({ policy: { pauseWhileWaitingOnCustomer: true } });
  // Monday 28 December 10:00 (working day 1): the substantive response; the 34-day clock runs on.
  await scenario.ts.skipTo(d('Y-12-28T10:00:00'));
  await handle.executeUpdate(substantiveResponseSentUpdate, { args: [{ text: 'We zoeken het uit.', by: 'behandelaar@ccv.test' }] });
  await outboxSettled(reference, 2);
  // Monday 4 January 10:00 (working day 5): a question; the clocks stop.
  await scenario.ts.skipTo(d('N-01-04T10:00:00'));
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Welke bestelling bedoel je?', by: 'behandelaar@ccv.test' }] });
  await outboxSettled(reference, 3);

  // The old working days 25 (Mon 1 Feb), 30 (Mon 8 Feb) and 34 (Fri 12 Feb) pass while paused.
  await scenario.ts.skipTo(d('N-02-15T10:00:00'));
  expect((await state(handle)).timeline.map((e) => e.event)).toEqual([
    'received', 'acknowledgement-sent', 'substantive-response-sent', 'information-requested',
  ]);

  // Monday 15 February 10:00: the answer. Working days waited after Mon 4 Jan up to and including
  // Mon 15 Feb: 5-8 Jan (4), 11-15, 18-22, 25-29 Jan, 1-5, 8-12 Feb (5 each), Mon 15 Feb (1) = 30.
  // Each resolution deadline moves 30 working days (no holiday between February and late March):
  //   working day 25  Mon 1 Feb  -> Mon 15 Mar
  //   working day 30  Mon 8 Feb  -> Mon 22 Mar
  //   working day 34  Fri 12 Feb -> Fri 26 Mar
  await handle.signal(customerRepliedSignal, { text: 'Bestelling 2024-118, van 3 december.' });
  const moved = await eventually(async () => {
    const s = await state(handle);
    return s.deadlines.resolutionDue !== endOfDay('N-02-12') ? s : undefined;
  }, 'the moved deadlines');
  expect(moved.deadlines).toMatchObject({
    pausedWorkingDays: 30,
    resolutionWarnings: [{ workingDay: 25, at: endOfDay('N-03-15') }, { workingDay: 30, at: endOfDay('N-03-22') }],
    resolutionDue: endOfDay('N-03-26'),
  });
  // Replied long after the old working day 34, but no deadline in force had passed.
  expect(moved.breaches).toEqual([]);
  await eventually(async () => (await tasksOf(reference)).some((t) => t.kind === 'information-received') || undefined, 'the reply task');
  expect((await state(handle)).timeline.map((e) => e.event)).not.toContain('resolution-warning');
  expect((await tasksOf(reference)).map((t) => t.kind)).not.toContain('reminder');
  expect(await nextDeadlineAttribute(handle)).toBe(endOfDay('N-03-26'));
  await eventually(async () => (await nextDeadlineColumn(reference)) === endOfDay('N-03-26') || undefined, 'the case list');

  // The warning of working day 25 comes at the end of Mon 15 Mar, the breach at the end of Fri 26 Mar.
  await scenario.ts.skipTo(d('N-03-16T10:00:00'));
  const warning = await eventually(async () => (await tasksOf(reference)).find((t) => t.kind === 'reminder'), 'the warning of working day 25');
  expectAround(warning.createdAt, endOfDay('N-03-15'));
  expect(warning.dueAt?.toISOString()).toBe(endOfDay('N-03-26'));
  await scenario.ts.skipTo(d('N-03-27T10:00:00'));
  const escalation = await eventually(async () => (await tasksOf(reference)).find((t) => t.kind === 'escalation'), 'the escalation');
  expectAround(escalation.createdAt, endOfDay('N-03-26'));
  expect((await state(handle)).breaches).toEqual(['resolution-overdue']);
  await handle.terminate('test done');
});

test('closure days added: recomputed deadlines move the open tasks, the planned reminder and the escalation', async () => {
  const { handle, reference } = await receive();
  expect((await tasksOf(reference))[0]?.dueAt?.toISOString()).toBe(endOfDay('N-01-04'));

  // The company will be closed on Tuesday 29 December. Working days after Thu 24 Dec: Mon 28 (1),
  // Wed 30 (2), Thu 31 (3), Mon 4 (4), Tue 5 Jan (5); each later deadline one working day later:
  // 25 Tue 2 Feb, 30 Tue 9 Feb, 34 Mon 15 Feb.
  scenario.calendar = new WorkingDayCalendar({ ...DEFAULT_CALENDAR_OPTIONS, closureDays: [`${Y}-12-29`] });
  await scenario.ts.skipTo(d('Y-12-28T10:00:00'));
  await handle.executeUpdate(recomputeDeadlinesUpdate, { args: [{ by: 'teamleider@ccv.test' }] });
  const first = await eventually(async () => {
    const s = await state(handle);
    return s.deadlines.calendarVersion === scenario.calendar.version ? s : undefined;
  }, 'the recomputed deadlines');
  expect(first.deadlines).toMatchObject({
    substantiveResponseReminder: endOfDay('Y-12-31'),
    substantiveResponseDue: endOfDay('N-01-05'),
    resolutionWarnings: [{ workingDay: 25, at: endOfDay('N-02-02') }, { workingDay: 30, at: endOfDay('N-02-09') }],
    resolutionDue: endOfDay('N-02-15'),
  });
  await eventually(async () => (await tasksOf(reference))[0]?.dueAt?.toISOString() === endOfDay('N-01-05'), 'the triage task to follow');
  expect(await nextDeadlineAttribute(handle)).toBe(endOfDay('N-01-05'));
  await eventually(async () => (await nextDeadlineColumn(reference)) === endOfDay('N-01-05'), 'the case list');

  // The reminder planned for the end of Wed 30 Dec now comes at the end of Thu 31 Dec.
  await scenario.ts.skipTo(d('Y-12-31T12:00:00'));
  expect((await tasksOf(reference)).map((t) => t.kind)).toEqual(['triage']);
  await scenario.ts.skipTo(d('N-01-01T12:00:00'));
  const reminder = await eventually(async () => (await tasksOf(reference)).find((t) => t.kind === 'reminder'), 'the reminder');
  expectAround(reminder.createdAt, endOfDay('Y-12-31'));
  expect(reminder.dueAt?.toISOString()).toBe(endOfDay('N-01-05'));

  // Monday 4 January is added as a closure day too: working day 5 becomes Wed 6 Jan, and both open
  // tasks, the reminder already given among them, follow.
  scenario.calendar = new WorkingDayCalendar({ ...DEFAULT_CALENDAR_OPTIONS, closureDays: [`${Y}-12-29`, `${N}-01-04`] });
  await handle.executeUpdate(recomputeDeadlinesUpdate, { args: [{ by: 'teamleider@ccv.test' }] });
  await eventually(async () => {
    const tasks = await tasksOf(reference);
    return tasks.every((t) => t.dueAt?.toISOString() === endOfDay('N-01-06')) || undefined;
  }, 'both tasks due on Wed 6 Jan');
  expect((await state(handle)).deadlines.substantiveResponseDue).toBe(endOfDay('N-01-06'));

  // No escalation at the end of the old working day 5 (Mon 4 Jan, then Tue 5 Jan); one at the end of Wed 6 Jan.
  await scenario.ts.skipTo(d('N-01-06T12:00:00'));
  expect((await tasksOf(reference)).map((t) => t.kind)).toEqual(['triage', 'reminder']);
  await scenario.ts.skipTo(d('N-01-07T10:00:00'));
  const escalation = await eventually(async () => (await tasksOf(reference)).find((t) => t.kind === 'escalation'), 'the escalation');
  expectAround(escalation.createdAt, endOfDay('N-01-06'));
  expect((await state(handle)).breaches).toEqual(['substantive-response-overdue']);
  expect((await handle.describe()).typedSearchAttributes.get(Breached)).toBe(true);
  await handle.terminate('test done');
});

test('the objection is decided by no one involved: a coordinator who sent the response on an unassigned case may not', async () => {
  const { handle, reference } = await receive();
  // Monday 28 December 10:00: the coordinator answers the still unassigned case herself.
  await scenario.ts.skipTo(d('Y-12-28T10:00:00'));
  await handle.executeUpdate(substantiveResponseSentUpdate, { args: [{ text: 'We zoeken het voor je uit.', by: 'coordinator@ccv.test' }] });
  await outboxSettled(reference, 2);
  await handle.executeUpdate(assignHandlerUpdate, { args: [{ handler: 'behandelaar@ccv.test', by: 'teamleider@ccv.test' }] });
  await scenario.ts.skipTo(d('Y-12-29T10:00:00'));
  await handle.executeUpdate(resolveUpdate, { args: [{ outcome: 'Je klacht is ongegrond.', solution: 'Geen.', by: 'behandelaar@ccv.test', justified: 'justified', rootCause: 'product' }] });
  await outboxSettled(reference, 3);

  // Thursday 31 December 10:00: the objection. Ten working days: Mon 4 .. Fri 8, Mon 11 .. Fri 15 Jan.
  await scenario.ts.skipTo(d('Y-12-31T10:00:00'));
  await handle.signal(objectionSignal, { reason: 'Ik ben het er niet mee eens.' });
  const review = await eventually(async () => (await tasksOf(reference)).find((t) => t.kind === 'objection-review'), 'the review task');
  expect(review.excludeAssignee).toEqual(['behandelaar@ccv.test', 'coordinator@ccv.test']);
  expect(review.dueAt?.toISOString()).toBe(endOfDay('N-01-15'));

  for (const involved of ['coordinator@ccv.test', 'behandelaar@ccv.test']) {
    await refusedWith(
      handle.executeUpdate(objectionDecidedUpdate, { args: [{ decision: 'Ongegrond.', upheld: false, by: involved }] }),
      /niet bij de behandeling betrokken/,
    );
  }
  await handle.executeUpdate(objectionDecidedUpdate, { args: [{ decision: 'Ongegrond, na herbeoordeling.', upheld: false, by: 'coordinator2@ccv.test' }] });
  const final = await handle.result();
  expect(final.decision?.by).toBe('coordinator2@ccv.test');
  expect(final.closure).toBe('objection-decided');
});

/**
 * The first year, from now on, in which 25 December is a Friday and 23 November still ahead: 2037
 * seen from late 2026. Its November and December fall on the same weekdays as 2026's.
 */
function christmasFridayYear(): number {
  for (let y = new Date().getFullYear(); ; y++) {
    if (new Date(Date.UTC(y, 11, 25)).getUTCDay() === 5 && Date.parse(amsterdam(`${y}-11-23`, '10:00:00')) > Date.now() + 60_000) return y;
  }
}

test('an objection window that ends on Christmas Day runs to the end of the next day that is no weekend or holiday', async () => {
  const year = christmasFridayYear();
  const at = (date: string, time: string) => amsterdam(`${year}-${date}`, time);
  const { handle, reference } = await receive({ receivedAt: new Date(at('11-23', '10:00:00')) });

  // Outcome on Wednesday 25 November. 30 calendar days end on Friday 25 December, Eerste Kerstdag;
  // Saturday 26 (Tweede Kerstdag) and Sunday 27 follow, so the window runs to the end of Monday
  // 28 December (Algemene termijnenwet, art. 1).
  await scenario.ts.skipTo(at('11-25', '14:00:00'));
  await handle.executeUpdate(resolveUpdate, { args: [{ outcome: 'Je klacht is gegrond.', solution: 'We betalen de kosten terug.', by: 'behandelaar@ccv.test', justified: 'justified', rootCause: 'product' }] });
  await outboxSettled(reference, 2);
  const windowEnds = at('12-28', '23:59:59.999');
  expect((await state(handle)).objectionWindowEnds).toBe(windowEnds);
  expect(mailsTo(reference)[1]?.text).toContain('Dan kun je tot en met maandag 28 december');

  // On Saturday 26 December the window is still open; the case closes when Monday 28 ends.
  await scenario.ts.skipTo(at('12-26', '12:00:00'));
  expect((await state(handle)).status).toBe('resolved');
  await scenario.ts.skipTo(at('12-29', '09:00:00'));
  const final = await handle.result();
  expect(final.closure).toBe('no-objection');
  expectAround(final.timeline.at(-1)?.at, windowEnds);
  const closing = (await listOutbox(scenario.sql, reference)).find((m) => m.template === 'closing');
  expectAround(closing?.createdAt, windowEnds);
});

test('feedback ends with its substantive response, a thank-you and the satisfaction question: no outcome, no objection', async () => {
  const { handle, reference } = await receive({ caseType: 'feedback' });
  await refusedWith(
    handle.executeUpdate(resolveUpdate, { args: [{ outcome: 'Dank.', solution: 'Geen.', by: 'behandelaar@ccv.test', justified: 'justified', rootCause: 'product' }] }),
    /Feedback krijgt geen uitkomst/,
  );
  // Monday 28 December 11:00, working day 1: the response ends the feedback.
  await scenario.ts.skipTo(d('Y-12-28T11:00:00'));
  const after = await handle.executeUpdate(substantiveResponseSentUpdate, {
    args: [{ text: 'Goed idee: we passen de openingstijden op de website aan.', by: 'behandelaar@ccv.test' }],
  });
  expect(after.status).toBe('closed');
  const final = await handle.result();
  expect(final.closure).toBe('answered');
  expect(final.breaches).toEqual([]);
  expect(final.timeline.map((e) => e.event)).toEqual(['received', 'acknowledgement-sent', 'substantive-response-sent']);
  expect(final.timeline.at(-1)?.detail).toEqual({ late: false });

  const mails = mailsTo(reference);
  expect(mails.map((m) => m.subject)).toEqual([
    `We hebben je feedback ontvangen (${reference})`,
    `Onze reactie op je feedback (${reference})`,
  ]);
  expect(mails[1]?.text).toContain('Hiermee sluiten we je feedback af.');
  expect(mails[1]?.text).toContain('Hoe tevreden ben je over de manier waarop we met je feedback zijn omgegaan?');
  expect(mails[1]?.text).not.toContain('bezwaar');
  expect((await tasksOf(reference)).map((t) => [t.kind, t.status])).toEqual([['triage', 'done']]);
  const stored = await getCase(scenario.sql, reference);
  expect(stored).toMatchObject({ status: 'closed', closure: 'answered' });
  expectAround(stored?.closedAt, d('Y-12-28T11:00:00'));
  await recordHistory(handle, 'feedback-answered');
});

test('workflow version 3: a staff action and a customer message that arrive while the first steps wait for a slow mail server wait for them, and are numbered after the confirmation', async () => {
  await scenario.ts.skipTo(RECEIVED);
  // The confirmation's final dot answered after 20 s: longer than a workflow task may take, so the
  // worker extends the task (every 8 s) and the action and the message reach the workflow mid-step.
  scenario.smtp.hold = { phase: 'data-end', sessions: scenario.smtp.held.total + 1, ms: 20_000 };
  try {
    const record = await storeCase(scenario.sql, { receivedAt: new Date(RECEIVED) });
    const handle = await scenario.ts.start(record);
    await eventually(async () => scenario.smtp.held.total === scenario.smtp.hold?.sessions, 'the confirmation held by the mail server');
    // Sent together: which the workflow takes first is up to the server; each waits for the first steps.
    const assigned = handle.executeUpdate(assignHandlerUpdate, { args: [{ handler: 'behandelaar@ccv.test', by: 'teamleider@ccv.test' }] })
      .then((result) => ({ result }), (error: unknown) => ({ error }));
    await handle.signal(withdrawSignal, { reason: 'Al opgelost.' });
    const update = await assigned;
    const s = await eventually(async () => {
      const now = await state(handle);
      return now.status === 'closed' && now.timeline.at(-1)?.event === 'withdrawn' ? now : undefined;
    }, 'the withdrawal on the timeline');
    const entries = s.timeline.map((e) => [e.seq, e.event]);
    if ('result' in update) {
      expect(update.result).toEqual({ status: 'in-progress' });
      expect(entries).toEqual([[1, 'received'], [2, 'acknowledgement-sent'], [3, 'handler-assigned'], [4, 'withdrawn']]);
    } else {
      // Withdrawn first: the action, checked again once the first steps were done, is refused.
      expect(update.error).toBeInstanceOf(WorkflowUpdateFailedError);
      expect(entries).toEqual([[1, 'received'], [2, 'acknowledgement-sent'], [3, 'withdrawn']]);
    }
    // Both reached the workflow while its first steps ran: before those steps' marker.
    const events = (await handle.fetchHistory()).events ?? [];
    const at = (type: keyof typeof temporal.api.enums.v1.EventType) => events.findIndex((e) => e.eventType === temporal.api.enums.v1.EventType[type]);
    const firstSteps = events.findIndex((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
    expect(firstSteps).toBeGreaterThan(0);
    expect(at('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED')).toBeLessThan(firstSteps);
    expect(at('EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED')).toBeLessThan(firstSteps);
    // The read model has each entry once, under the workflow's numbers.
    const rows = await eventually(async () => {
      const { events: projected } = await caseInReadModel(scenario.sql, record.reference);
      return projected.length === s.timeline.length ? projected : undefined;
    }, 'every entry in the read model');
    expect(rows.map((e) => [e.seq, e.event])).toEqual(s.timeline.map((e) => [e.seq, e.event]));
    expect(mailsTo(record.reference)).toHaveLength(1);
  } finally {
    scenario.smtp.hold = undefined;
  }
});

test('a case started by a web process from before workflow version 2 (no workflowVersion, no NextDeadline at start) runs as a new one does', async () => {
  // The same complaint twice: one started as the web process of today starts it, one as before.
  const current = await receive();
  await scenario.ts.skipTo(RECEIVED);
  const record = await storeCase(scenario.sql, { receivedAt: new Date(RECEIVED) });
  const { reference } = record;
  const client = scenario.ts.env.client;
  const old = await client.workflow.start<typeof caseWorkflow>('caseWorkflow', {
    workflowId: reference, taskQueue: TASK_QUEUE,
    args: [{
      reference, caseType: record.caseType, channel: record.channel, receivedAt: record.receivedAt.toISOString(),
      hasEmail: true, deadlines: record.deadlines, policy: record.policy,
    }],
    typedSearchAttributes: [
      { key: CaseReference, value: reference }, { key: CaseType, value: record.caseType },
      { key: CaseChannel, value: record.channel }, { key: CaseStatus, value: 'received' },
    ],
  });
  await eventually(async () => (await state(old)).status === 'in-progress', 'the confirmation');
  await outboxSettled(reference, 1);
  // The first steps: the receipt and its triage task in the read model, the confirmation sent.
  expect((await tasksOf(reference)).map((t) => [t.kind, t.status])).toEqual([['triage', 'open']]);
  const read = await eventually(async () => (await caseInReadModel(scenario.sql, reference)).state, 'the read model');
  expect(read.timeline.map((e) => e.event)).toEqual(['received', 'acknowledgement-sent']);
  // The workflow sets what the old start left out, to the values a new start has.
  const attributes = async (h: Handle) => {
    const found = (await h.describe()).typedSearchAttributes;
    return { next: found.get(NextDeadline)?.toISOString(), breached: found.get(Breached), status: found.get(CaseStatus) };
  };
  await eventually(async () => (await attributes(old)).next, 'the next deadline');
  expect(await attributes(old)).toEqual(await attributes(current.handle));
  await current.handle.terminate('compared');

  await old.executeUpdate(resolveUpdate, { args: [{ outcome: 'Gegrond.', solution: 'Nieuwe terminal.', by: 'behandelaar@ccv.test', justified: 'justified', rootCause: 'product' }] });
  await eventually(async () => (await state(old)).objectionWindowEnds, 'the objection window');
  await scenario.ts.skipTo(d('N-01-30T12:00:00'));
  const final = await old.result();
  expect(final.closure).toBe('no-objection');
  expect(final.breaches).toEqual([]);
  await recordHistory(old, 'version-1-start');
});
