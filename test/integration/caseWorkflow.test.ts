/**
 * The case workflow on Temporal's time-skipping test server, at real calendar dates, with the
 * real activities against the embedded Postgres and a real SMTP server. The main scenario is a
 * complaint received on Thursday 24 December at 16:00, across Christmas and New Year; every date
 * below was worked out by hand from the Algemene termijnenwet calendar:
 *   working day 1..4   Mon 28 .. Thu 31 December (25 December: Eerste Kerstdag, 26/27: weekend);
 *                      the handler's reminder comes at the end of working day 3 (Wed 30 December)
 *   working day 5      Mon 4 January (1 January: Nieuwjaarsdag, 2/3: weekend)
 *   working day 25     Mon 1 February
 *   working day 30     Mon 8 February
 *   working day 34     Fri 12 February
 */
import { randomUUID } from 'node:crypto';
import { rebuildProjection } from '../../src/cases/rebuildProjection';
import { listCaseEvents } from '../../src/db/caseEvents';
import { getCase } from '../../src/db/cases';
import { createStaff } from '../../src/db/staff';
import { listOutbox } from '../../src/db/outbox';
import { listTasks } from '../../src/db/tasks';
import { Breached, CaseHandler, CaseStatus, NextDeadline } from '../../src/temporal/searchAttributes';
import {
  acceptOutcomeSignal,
  addNoteUpdate,
  addProposalUpdate,
  assignHandlerUpdate,
  customerRepliedSignal,
  markComplexUpdate,
  objectionDecidedUpdate,
  objectionSignal,
  requestInformationUpdate,
  resolveUpdate,
  substantiveResponseSentUpdate,
  withdrawSignal,
} from '../../workflows';
import { storeCase, TEST_STATUS_LINKS } from '../support/cases';
import { statusToken } from '../../src/domain/statusToken';
import {
  d, endOfDay, expectAround, N, RECEIVED, recordHistory, refusedWith, useCaseScenario,
} from '../support/caseScenario';
import { eventually } from '../support/timeSkipping';

const WD3 = endOfDay('Y-12-30');
const WD5 = endOfDay('N-01-04');
const WD25 = endOfDay('N-02-01');
const WD30 = endOfDay('N-02-08');
const WD34 = endOfDay('N-02-12');

const scenario = useCaseScenario();
const { receive, state, mailsTo, outboxSettled } = scenario;

test('a typical complaint across Christmas: confirmation, response, proposal, outcome, closed when the window passes', async () => {
  const { handle, reference } = await receive();
  await outboxSettled(reference, 1);

  await handle.executeUpdate(assignHandlerUpdate, { args: [{ handler: 'behandelaar@ccv.test', by: 'teamleider@ccv.test', handlerRef: 'staff-7' }] });
  await scenario.ts.skipTo(d('Y-12-30T10:00:00'));
  await handle.executeUpdate(substantiveResponseSentUpdate, {
    args: [{ text: 'We hebben de storing kunnen herleiden tot een fout in de software.', by: 'behandelaar@ccv.test' }],
  });
  await outboxSettled(reference, 2);
  await scenario.ts.skipTo(d('N-01-06T11:00:00'));
  await handle.executeUpdate(addProposalUpdate, { args: [{ text: 'We vervangen de terminal kosteloos.', by: 'behandelaar@ccv.test' }] });
  await outboxSettled(reference, 3);
  await scenario.ts.skipTo(d('N-01-07T09:30:00'));
  await handle.signal(customerRepliedSignal, { text: 'Dat is prima, graag volgende week.' });
  await eventually(async () => (await state(handle)).timeline.some((e) => e.event === 'customer-replied'), 'the reply');
  await scenario.ts.skipTo(d('N-01-15T14:00:00'));
  await handle.executeUpdate(resolveUpdate, {
    args: [{ outcome: 'Je klacht is gegrond.', solution: 'De terminal is op 14 januari vervangen.', by: 'behandelaar@ccv.test',
      justified: 'justified', rootCause: 'product' }],
  });
  await outboxSettled(reference, 4);

  const final = await handle.result();
  expect(final.status).toBe('closed');
  expect(final.closure).toBe('no-objection');
  expect(final.breaches).toEqual([]);
  // 30 calendar days after Fri 15 Jan end on Sunday 14 Feb: extended to the end of Monday 15 Feb
  // (Algemene termijnenwet, art. 1: a period never ends on a weekend or holiday).
  expect(final.objectionWindowEnds).toBe(endOfDay('N-02-15'));
  const at = (event: string) => final.timeline.find((e) => e.event === event)?.at;
  expect(final.timeline.map((e) => e.event)).toEqual([
    'received', 'acknowledgement-sent', 'handler-assigned', 'substantive-response-sent', 'proposal', 'customer-replied',
    'resolved', 'objection-window-closed',
  ]);
  expectAround(at('objection-window-closed'), endOfDay('N-02-15'));

  // Emails, at the workflow time of the step that sent them.
  const outbox = await listOutbox(scenario.sql, reference);
  expect(outbox.map((m) => m.template)).toEqual(['acknowledgement', 'substantive-response', 'proposal', 'outcome', 'closing']);
  expectAround(outbox[0]!.createdAt, RECEIVED);
  expectAround(outbox[1]!.createdAt, d('Y-12-30T10:00:00'));
  expectAround(outbox[3]!.createdAt, d('N-01-15T14:00:00'));
  expectAround(outbox[4]!.createdAt, endOfDay('N-02-15'));
  const mails = mailsTo(reference);
  expect(mails.map((m) => m.subject)).toEqual([
    `We hebben je klacht ontvangen (${reference})`,
    `Onze reactie op je klacht (${reference})`,
    `Een voorstel voor je klacht (${reference})`,
    `De uitkomst van je klacht (${reference})`,
    `Je klacht is afgesloten (${reference})`,
  ]);
  expect(mails[0]!.text).toContain('Uiterlijk op maandag 4 januari');
  // The status link is put in at the send; the outbox keeps a placeholder (staff never see the link).
  expect(mails[0]!.text).toContain(`${TEST_STATUS_LINKS.baseUrl}/status/${statusToken(TEST_STATUS_LINKS.secret, reference)}`);
  expect(outbox.every((m) => !m.textBody.includes('/status/') && !m.htmlBody.includes('/status/'))).toBe(true);
  expect(mails[0]!.text).toContain('uiterlijk op vrijdag 12 februari');
  expect(mails[3]!.text).toContain('Dan kun je tot en met maandag 15 februari');
  expect(mails[3]!.text).toContain('De terminal is op 14 januari vervangen.');
  expect(mails[4]!.text).toContain('Hoe tevreden ben je over de manier waarop we je klacht hebben behandeld?');

  // Tasks: triage due at working day 5, done once the response went out; the customer's reply
  // asked for attention until the outcome; no reminders or escalations.
  const tasks = await listTasks(scenario.sql, reference);
  expect(tasks.map((t) => [t.kind, t.status])).toEqual([['triage', 'done'], ['information-received', 'done']]);
  expect(tasks[0]!.title).toBe(`Beoordeel klacht ${reference}`);
  expect(tasks[0]!.dueAt?.toISOString()).toBe(WD5);
  expectAround(tasks[0]!.createdAt, RECEIVED);

  // The read model follows the workflow; Temporal Web's attributes too.
  const stored = await getCase(scenario.sql, reference);
  expect(stored?.status).toBe('closed');
  const events = await listCaseEvents(scenario.sql, reference);
  expect(events.map((e) => e.event)).toEqual(final.timeline.map((e) => e.event));
  const attributes = (await handle.describe()).typedSearchAttributes;
  expect(attributes.get(CaseStatus)).toBe('closed');
  // The handler's staff id, not the email address: search attributes are not encrypted.
  expect(attributes.get(CaseHandler)).toBe('staff-7');
  expect(attributes.get(Breached)).toBe(false);

  // A typical complaint stays well under 200 history events.
  const history = await handle.fetchHistory();
  console.info(`typical complaint: ${history.events!.length} history events`);
  expect(history.events!.length).toBeLessThan(150);
  await recordHistory(handle, 'complaint-typical');
});

test('no response: reminder at working day 4, escalation at 5, late response recorded; warnings at 25 and 30, escalation at 34', async () => {
  const { handle, reference } = await receive();
  await handle.executeUpdate(assignHandlerUpdate, { args: [{ handler: 'behandelaar@ccv.test', by: 'teamleider@ccv.test' }] });
  expect((await handle.describe()).typedSearchAttributes.get(NextDeadline)?.toISOString()).toBe(WD5);

  await scenario.ts.skipTo(d('N-01-06T10:00:00'));
  await handle.executeUpdate(substantiveResponseSentUpdate, { args: [{ text: 'Excuses voor het late antwoord.', by: 'behandelaar@ccv.test' }] });
  await scenario.ts.skipTo(d('N-02-13T12:00:00'));
  await eventually(async () => (await listTasks(scenario.sql, reference)).length === 6, 'all milestone tasks');

  const s = await state(handle);
  expect(s.breaches).toEqual(['substantive-response-overdue', 'resolution-overdue']);
  const response = s.timeline.find((e) => e.event === 'substantive-response-sent');
  expect(response?.detail).toEqual({ late: true });
  const at = (event: string, n = 0) => s.timeline.filter((e) => e.event === event)[n]?.at;
  expectAround(at('substantive-response-reminder'), WD3);
  expectAround(at('substantive-response-overdue'), WD5);
  expectAround(at('resolution-warning', 0), WD25);
  expectAround(at('resolution-warning', 1), WD30);
  expectAround(at('resolution-overdue'), WD34);

  const tasks = await listTasks(scenario.sql, reference);
  // The triage task followed the case to its handler.
  expect(tasks.map((t) => [t.kind, t.role, t.assignee])).toEqual([
    ['triage', 'agent', 'behandelaar@ccv.test'],
    ['reminder', 'agent', 'behandelaar@ccv.test'],
    ['escalation', 'team-lead', null],
    ['reminder', 'agent', 'behandelaar@ccv.test'],
    ['reminder', 'agent', 'behandelaar@ccv.test'],
    ['escalation', 'coordinator', null],
  ]);
  expect(tasks.map((t) => t.title)).toEqual([
    `Beoordeel klacht ${reference}`,
    `Herinnering: inhoudelijke reactie op klacht ${reference} uiterlijk aan het eind van werkdag 5`,
    `Inhoudelijke reactie op klacht ${reference} is te laat (5 werkdagen)`,
    `Klacht ${reference} staat open op werkdag 25: uiterlijk werkdag 34 afhandelen`,
    `Klacht ${reference} staat open op werkdag 30: uiterlijk werkdag 34 afhandelen`,
    `Klacht ${reference} is niet binnen 34 werkdagen afgehandeld`,
  ]);
  expectAround(tasks[1]!.createdAt, WD3);
  expectAround(tasks[2]!.createdAt, WD5);
  expectAround(tasks[5]!.createdAt, WD34);
  expect(tasks[3]!.titleEn).toBe(`Complaint ${reference} still open on working day 25: settle by working day 34`);
  const [row] = await scenario.sql<{ breaches: string[] }[]>`SELECT breaches FROM cases WHERE reference = ${reference}`;
  expect(row?.breaches).toEqual(['substantive-response-overdue', 'resolution-overdue']);
  expect((await handle.describe()).typedSearchAttributes.get(Breached)).toBe(true);

  await handle.signal(withdrawSignal, { reason: 'Ik heb het zelf opgelost.' });
  const final = await handle.result();
  expect(final.closure).toBe('withdrawn');
  expect((await listTasks(scenario.sql, reference)).every((t) => t.status === 'done')).toBe(true);
  await recordHistory(handle, 'complaint-breached-withdrawn');
});

test('an information request waits on the customer; with the pause policy the clocks move by the working days waited', async () => {
  const { handle, reference } = await receive({ policy: { pauseWhileWaitingOnCustomer: true } });
  await scenario.ts.skipTo(d('Y-12-28T10:00:00'));
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Wat is het serienummer van de terminal?', by: 'behandelaar@ccv.test' }] });
  expect((await state(handle)).status).toBe('awaiting-customer');
  await outboxSettled(reference, 2);
  await scenario.ts.skipTo(d('Y-12-30T15:00:00'));
  await handle.signal(customerRepliedSignal, { text: 'Het serienummer is 123-456.' });

  const s = await eventually(async () => {
    const current = await state(handle);
    return current.deadlines.substantiveResponseDue !== WD5 ? current : undefined;
  }, 'the moved deadline');
  expect(s.status).toBe('in-progress');
  // Waited Tuesday 29 and Wednesday 30 December: two working days.
  expect(s.deadlines.substantiveResponseDue).toBe(endOfDay('N-01-06'));
  expect(s.deadlines.resolutionDue).toBe(endOfDay('N-02-16'));
  expect(s.timeline.find((e) => e.event === 'customer-replied')?.detail).toEqual({ waitedMinutes: 2 * 24 * 60 + 5 * 60 });

  const tasks = await eventually(async () => {
    const rows = await listTasks(scenario.sql, reference);
    return rows.length === 2 ? rows : undefined;
  }, 'the information-received task');
  expect(tasks[1]).toMatchObject({ kind: 'information-received', title: `Klant heeft gereageerd op ${reference}` });
  expectAround(tasks[1]!.createdAt, d('Y-12-30T15:00:00'));
  const [, question] = await listOutbox(scenario.sql, reference);
  expect(question?.template).toBe('information-request');
  expect(question?.textBody).toContain('Wat is het serienummer van de terminal?');
  await handle.terminate('test done');
  await recordHistory(handle, 'complaint-information-paused');
});

test('complex case, outcome, objection reviewed by someone else than the handler, final decision', async () => {
  const { handle, reference } = await receive();
  await handle.executeUpdate(assignHandlerUpdate, { args: [{ handler: 'behandelaar@ccv.test', by: 'teamleider@ccv.test' }] });
  await scenario.ts.skipTo(d('Y-12-29T09:00:00'));
  await handle.executeUpdate(substantiveResponseSentUpdate, { args: [{ text: 'We zoeken het uit.', by: 'behandelaar@ccv.test' }] });
  await handle.executeUpdate(markComplexUpdate, {
    args: [{ reason: 'We moeten de leverancier om een analyse vragen.', expectedDate: `${N}-02-26`, by: 'behandelaar@ccv.test' }],
  });
  await outboxSettled(reference, 3);
  expect(mailsTo(reference)[2]?.text).toContain('uiterlijk op vrijdag 26 februari');

  await scenario.ts.skipTo(d('N-02-24T10:00:00'));
  await handle.executeUpdate(resolveUpdate, { args: [{ outcome: 'Je klacht is ongegrond.', solution: 'Geen.', by: 'behandelaar@ccv.test', justified: 'justified', rootCause: 'product' }] });
  await outboxSettled(reference, 4);
  await scenario.ts.skipTo(d('N-03-01T13:00:00'));
  await handle.signal(objectionSignal, { reason: 'Ik ben het niet eens met de uitkomst.' });
  const review = await eventually(async () => (await listTasks(scenario.sql, reference)).find((t) => t.kind === 'objection-review'), 'the review task');
  // Ten working days after Monday 1 March: Monday 15 March.
  expect(review).toMatchObject({ role: 'coordinator', excludeAssignee: ['behandelaar@ccv.test'] });
  expect(review.dueAt?.toISOString()).toBe(endOfDay('N-03-15'));
  await outboxSettled(reference, 5);
  expect(mailsTo(reference)[4]?.text).toContain(`Uiterlijk op maandag 15 maart ${N} ontvang je de beslissing.`);

  await refusedWith(
    handle.executeUpdate(objectionDecidedUpdate, { args: [{ decision: 'Ongegrond.', upheld: false, by: 'behandelaar@ccv.test' }] }),
    /niet bij de behandeling betrokken/,
  );
  await scenario.ts.skipTo(d('N-03-16T10:00:00'));
  await eventually(async () => (await listTasks(scenario.sql, reference)).some((t) => t.eventKey.startsWith('escalation')), 'the late-review escalation');
  await handle.executeUpdate(objectionDecidedUpdate, {
    args: [{ decision: 'Na herbeoordeling krijg je een vergoeding van 50 euro.', upheld: true, by: 'coordinator@ccv.test' }],
  });
  const final = await handle.result();
  expect(final.closure).toBe('objection-decided');
  // Complex or not, settling after working day 34 is a breach, recorded for the reports.
  expect(final.breaches).toEqual(['resolution-overdue', 'objection-review-overdue']);
  const decision = mailsTo(reference).at(-1);
  expect(decision?.subject).toBe(`De beslissing op je bezwaar (${reference})`);
  expect(decision?.text).toContain('je bezwaar is gegrond');
  expect(decision?.html).toContain('vergoeding van 50 euro');
  await recordHistory(handle, 'complaint-objection');
});

test('actions that do not fit the state are refused with a reason and change nothing', async () => {
  const { handle } = await receive({ policy: { maxCustomerMessages: 1 } });
  const before = await state(handle);

  await refusedWith(handle.executeUpdate(addProposalUpdate, { args: [{ text: 'Voorstel', by: 'a@ccv.test' }] }), /Verstuur eerst de inhoudelijke reactie/);
  await refusedWith(handle.executeUpdate(objectionDecidedUpdate, { args: [{ decision: 'x', upheld: false, by: 'a@ccv.test' }] }), /geen bezwaar/);
  await refusedWith(handle.executeUpdate(markComplexUpdate, { args: [{ reason: 'x', expectedDate: '2020-01-01', by: 'a@ccv.test' }] }), /verleden/);
  await refusedWith(handle.executeUpdate(substantiveResponseSentUpdate, { args: [{ text: '   ', by: 'a@ccv.test' }] }), /ontbreekt/);
  await handle.signal(objectionSignal, { reason: 'Te vroeg' });
  await handle.signal(acceptOutcomeSignal, {});
  await handle.signal(customerRepliedSignal, { text: 'Niemand vroeg me iets' });
  // An Update is handled after the signals sent before it: a barrier, so that the check below
  // sees what the signals did (nothing), not a state from before they arrived.
  await handle.executeUpdate(addNoteUpdate, { args: [{ text: 'barrière', by: 'a@ccv.test' }] });
  const after = await state(handle);
  expect({ ...after, timeline: after.timeline.slice(0, -1) }).toEqual(before);

  // The customer-message cap: one reply is accepted, the next is refused.
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Vraag 1?', by: 'a@ccv.test' }] });
  await handle.signal(customerRepliedSignal, { text: 'Antwoord 1' });
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Vraag 2?', by: 'a@ccv.test' }] });
  await handle.signal(customerRepliedSignal, { text: 'Antwoord 2' });
  const capped = await state(handle);
  expect(capped.timeline.filter((e) => e.event === 'customer-replied').map((e) => e.text)).toEqual(['Antwoord 1']);
  expect(capped.status).toBe('awaiting-customer');

  await handle.signal(withdrawSignal, {});
  expect((await handle.result()).closure).toBe('withdrawn');
  await recordHistory(handle, 'complaint-refusals-withdrawn');
  // A closed case has no running workflow left to act on.
  await expect(handle.executeUpdate(resolveUpdate, { args: [{ outcome: 'x', solution: 'y', by: 'a@ccv.test', justified: 'justified', rootCause: 'product' }] })).rejects.toThrow();
});

test('feedback has no 34-working-day target', async () => {
  const { handle, reference } = await receive({ caseType: 'feedback', language: 'en' });
  await scenario.ts.skipTo(d('N-02-20T12:00:00'));
  const s = await state(handle);
  expect(s.timeline.map((e) => e.event)).toEqual([
    'received', 'acknowledgement-sent', 'substantive-response-reminder', 'substantive-response-overdue',
  ]);
  expect(mailsTo(reference)[0]?.subject).toBe(`We have received your feedback (${reference})`);
  expect(mailsTo(reference)[0]?.text).not.toContain('settle');
  await handle.terminate('test done');
});

test('a phone case without email is confirmed by phone: no email, no 24-hour guard, no information request by email', async () => {
  const taker = await createStaff(scenario.sql, { email: `medewerker.${randomUUID().slice(0, 6)}@ccv.test`, name: 'Mees Medewerker', role: 'agent', password: 'een lang en sterk wachtwoord' });
  const { handle, reference } = await receive({ channel: 'phone', email: null, registeredBy: taker.email });
  const s = await state(handle);
  // Who took the call, by staff id; the read model by address.
  expect(s.timeline[0]).toMatchObject({ event: 'received', actor: `staff-${taker.id}` });
  expect((await eventually(async () => (await listCaseEvents(scenario.sql, reference))[0], 'the projection')).actor).toBe(taker.email);
  expect(s.status).toBe('in-progress');
  await refusedWith(handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Vraag?', by: 'a@ccv.test' }] }), /geen e-mailadres/);
  await scenario.ts.skipTo(d('Y-12-26T12:00:00'));
  expect((await state(handle)).breaches).toEqual([]);
  expect(await listOutbox(scenario.sql, reference)).toEqual([]);
  await handle.terminate('test done');
  await recordHistory(handle, 'phone-without-email');
});

test('a phone case with email gets a confirmation that summarises the call', async () => {
  const { handle, reference } = await receive({ channel: 'phone', registeredBy: 'medewerker@ccv.test' });
  const [mail] = await outboxSettled(reference, 1);
  expect(mail?.template).toBe('phone-confirmation');
  expect(mail?.subject).toBe(`Bevestiging van je telefonische klacht (${reference})`);
  expect(mail?.textBody).toContain('Bedankt voor je telefoontje van 24 december');
  expect(mail?.textBody).toContain('De betaalterminal valt elke ochtend uit & start pas na 10 minuten <weer> op.');
  expect(mail?.htmlBody).toContain('&lt;weer&gt;');
  await handle.terminate('test done');
});

test('a confirmation still unsent after 24 hours escalates, and goes out once the mail server is back', async () => {
  scenario.smtp.mode = 'temporary-failure';
  const receivedAt = new Date(RECEIVED);
  await scenario.ts.skipTo(RECEIVED);
  const record = await storeCase(scenario.sql, { receivedAt });
  const handle = await scenario.ts.start(record);

  await scenario.ts.skipTo(d('Y-12-25T17:00:00'));
  const tasks = await eventually(async () => {
    const rows = await listTasks(scenario.sql, record.reference);
    return rows.length === 2 ? rows : undefined;
  }, 'the escalation');
  expect(tasks.map((t) => [t.kind, t.role])).toEqual([['triage', 'agent'], ['escalation', 'team-lead']]);
  expect(tasks[1]!.title).toBe(`Ontvangstbevestiging ${record.reference} is niet binnen 24 uur verstuurd`);
  expectAround(tasks[1]!.createdAt, d('Y-12-25T16:00:00'));
  const s = await state(handle);
  expect(s.acknowledged).toBe(false);
  expect(s.breaches).toEqual(['acknowledgement-overdue']);
  const [pending] = await listOutbox(scenario.sql, record.reference);
  expect(pending?.status).toBe('pending');
  expect(pending?.attempts).toBeGreaterThan(5);

  scenario.smtp.mode = 'accept';
  await scenario.ts.skipTo(d('Y-12-25T18:00:00'));
  await eventually(async () => (await state(handle)).acknowledged, 'the confirmation');
  expect((await listOutbox(scenario.sql, record.reference))[0]?.status).toBe('sent');
  expect(mailsTo(record.reference)).toHaveLength(1);
  await handle.terminate('test done');
});

test('a temporary refusal at RCPT TO (greylisting, 450) is retried, never taken for a bad address', async () => {
  scenario.smtp.mode = 'greylisting';
  await scenario.ts.skipTo(RECEIVED);
  const record = await storeCase(scenario.sql, { receivedAt: new Date(RECEIVED) });
  const handle = await scenario.ts.start(record);
  await eventually(async () => scenario.smtp.greylisted.includes(record.email!) || undefined, 'the greylisting');
  // The retry, 10 seconds later in workflow time, is accepted.
  await scenario.ts.skipTo(d('Y-12-24T16:05:00'));
  await eventually(async () => (await state(handle)).acknowledged, 'the confirmation');
  const [message] = await listOutbox(scenario.sql, record.reference);
  expect(message).toMatchObject({ status: 'sent', attempts: 2 });
  expect(mailsTo(record.reference)).toHaveLength(1);
  expect((await listTasks(scenario.sql, record.reference)).map((t) => t.kind)).toEqual(['triage']);
  expect((await state(handle)).breaches).toEqual([]);
  await handle.terminate('test done');
});

test('a permanently refused confirmation is not retried but escalated at once', async () => {
  scenario.smtp.mode = 'permanent-failure';
  await scenario.ts.skipTo(RECEIVED);
  const record = await storeCase(scenario.sql, { receivedAt: new Date(RECEIVED) });
  const handle = await scenario.ts.start(record);
  const failed = await eventually(async () => (await listTasks(scenario.sql, record.reference)).find((t) => t.kind === 'email-failed'), 'the escalation');
  expect(failed.role).toBe('team-lead');
  const [message] = await listOutbox(scenario.sql, record.reference);
  expect(message?.attempts).toBe(1);
  expect(message?.status).toBe('failed');
  expect((await state(handle)).breaches).toEqual(['acknowledgement-failed']);

  // Skipping past the 24 hours adds no second escalation for the same missing confirmation.
  await scenario.ts.skipTo(d('Y-12-26T12:00:00'));
  expect((await listTasks(scenario.sql, record.reference)).map((t) => t.kind)).toEqual(['triage', 'email-failed']);
  expect((await state(handle)).status).toBe('in-progress');
  await handle.terminate('test done');
  await recordHistory(handle, 'confirmation-refused');
});

test('the read model can be rebuilt from the workflow', async () => {
  const { handle, reference } = await receive();
  await handle.executeUpdate(assignHandlerUpdate, { args: [{ handler: 'behandelaar@ccv.test', by: 'teamleider@ccv.test' }] });
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Welk serienummer?', by: 'behandelaar@ccv.test' }] });
  await eventually(async () => (await listCaseEvents(scenario.sql, reference)).length === 4 || undefined, 'the projection');
  const before = await listCaseEvents(scenario.sql, reference);

  await scenario.sql`DELETE FROM case_events WHERE reference = ${reference}`;
  await scenario.sql`UPDATE cases SET status = 'received', handler = NULL WHERE reference = ${reference}`;
  expect(await rebuildProjection({ sql: scenario.sql, client: scenario.ts.env.client }, reference)).toBe(4);

  expect(await listCaseEvents(scenario.sql, reference)).toEqual(before);
  const [row] = await scenario.sql<{ status: string; handler: string }[]>`SELECT status, handler FROM cases WHERE reference = ${reference}`;
  expect(row).toEqual({ status: 'awaiting-customer', handler: 'behandelaar@ccv.test' });
  await handle.terminate('test done');
});
