/**
 * Retention (AVG): the retention Schedule's activity, called with a chosen "now", anonymises the
 * cases closed longer ago than their period (2 years by default) in every table, removes old
 * email texts, audit entries and nonces, and the figures over the cases' period stay the same,
 * also the repeat complaints and the counts over cases with an email address. The cases lie in
 * February to April 2011, before any other test's cases, so that the chosen moments (2013, 2014)
 * touch nothing else in the run's database. The run also sets Temporal's retention of closed
 * workflows to the setting (on a namespace of the test's own).
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createRetentionActivities } from '../../activities/retention';
import { loadSettings } from '../../src/db/settings';
import { computeFigures, monthlyTrend, plainFigures } from '../../src/analysis/figures';
import { monthOf } from '../../src/analysis/period';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import type { Sql } from '../../src/db/db';
import { insertAnalysisCase, removeAnalysisCases, type AnalysisCase } from '../support/analysisCases';
import { devServerAddress, testDatabase } from '../support/env';

const calendar = new WorkingDayCalendar();
const MARCH = monthOf('2011-03');
/** The figures are measured as of the end of June 2011, when every case had been settled. */
const MEASURED = new Date('2011-06-30T12:00:00+02:00');

const A = 'KL-2011-900001';
const B = 'KL-2011-900002';
const C = 'FB-2011-900003';
const D = 'KL-2011-900004';
const E = 'KL-2011-900005';
const REFERENCES = [A, B, C, D, E];

const complaint = { caseType: 'complaint', channel: 'web', category: 'billing' } as const;
const CASES: AnalysisCase[] = [
  // A and B: the same customer; B (March) repeats A (February). A is closed first.
  { ...complaint, reference: A, receivedAt: '2011-02-10T10:00:00+01:00', email: 'Jan@Example.nl', customerNumber: 'C-4711',
    acknowledgedAt: '2011-02-10T10:05:00+01:00', respondedAt: '2011-02-14T10:00:00+01:00', resolvedAt: '2011-02-20T10:00:00+01:00',
    closedAt: '2011-03-20T10:00:00+01:00', closure: 'no-objection', justified: 'justified', rootCause: 'billing',
    satisfaction: { score: 2, at: '2011-03-21T10:00:00+01:00' } },
  { ...complaint, reference: B, receivedAt: '2011-03-03T10:00:00+01:00', email: 'jan@example.nl',
    acknowledgedAt: '2011-03-03T10:05:00+01:00', respondedAt: '2011-03-18T10:00:00+01:00', resolvedAt: '2011-03-25T10:00:00+01:00',
    closedAt: '2011-04-28T10:00:00+02:00', closure: 'accepted', breaches: ['substantive-response-overdue'],
    justified: 'partly', rootCause: 'communication', satisfaction: { score: 4, at: '2011-04-29T10:00:00+02:00' } },
  { caseType: 'feedback', channel: 'web', category: 'product', reference: C, receivedAt: '2011-03-08T09:00:00+01:00',
    acknowledgedAt: '2011-03-08T09:01:00+01:00', respondedAt: '2011-03-10T09:00:00+01:00',
    closedAt: '2011-03-10T09:00:00+01:00', closure: 'answered', satisfaction: { score: 5, at: '2011-03-11T09:00:00+01:00' } },
  // A phone complaint without an address, withdrawn.
  { caseType: 'complaint', channel: 'phone', category: 'delivery', reference: D, receivedAt: '2011-03-15T14:00:00+01:00',
    email: null, customerNumber: 'C-4711', closedAt: '2011-03-30T14:00:00+02:00', closure: 'withdrawn' },
  // Still open in the figures' eyes at MEASURED; closed much later.
  { ...complaint, reference: E, receivedAt: '2011-03-28T10:00:00+02:00', email: 'piet@example.nl',
    acknowledgedAt: '2011-03-28T11:00:00+02:00', respondedAt: '2011-03-30T10:00:00+02:00', complex: true,
    closedAt: '2012-05-01T10:00:00+02:00', closure: 'objection-decided', objectedAt: '2011-08-01T10:00:00+02:00', objectionUpheld: false,
    resolvedAt: '2011-07-20T10:00:00+02:00', justified: 'unjustified', rootCause: 'product' },
];

let sql: Sql;
/** The nightly run's activity, in an activity context whose client is a real one, on a namespace of this test's own. */
const namespace = `retention-run-${randomUUID().slice(0, 8)}`;
let connection: Connection;
const retention = () => {
  const env = new MockActivityEnvironment({ namespace }, { client: new Client({ connection, namespace }) });
  const { applyRetention } = createRetentionActivities({ sql });
  return { applyRetention: (req: { asOf: string }) => env.run<[typeof req], Awaited<ReturnType<typeof applyRetention>>, typeof applyRetention>(applyRetention, req) };
};
const namespaceRetentionDays = async () => {
  const { config } = await connection.workflowService.describeNamespace({ namespace });
  return tsToMs(config!.workflowExecutionRetentionTtl!) / 86_400_000;
};

async function figuresNow() {
  return {
    month: plainFigures(await computeFigures(sql, calendar, MARCH, {}, MEASURED)),
    complaintsFromWeb: plainFigures(await computeFigures(sql, calendar, MARCH, { caseType: 'complaint', channel: 'web' }, MEASURED)),
    trend: JSON.stringify(await monthlyTrend(sql, calendar, monthOf('2011-04'), {}, MEASURED)),
  };
}

async function clean(): Promise<void> {
  await sql`DELETE FROM outbox WHERE reference IN ${sql(REFERENCES)}`;
  await sql`DELETE FROM case_events WHERE reference IN ${sql(REFERENCES)}`;
  await sql`DELETE FROM audit_log WHERE reference IN ${sql(REFERENCES)} OR action = 'retention-test'`;
  await sql`DELETE FROM status_form_nonces WHERE reference IN ${sql(REFERENCES)}`;
  await sql`DELETE FROM case_concerns WHERE reference IN ${sql(REFERENCES)}`;
  await removeAnalysisCases(sql, REFERENCES);
}

/** What a case holds besides the figures' columns: every table's personal data and texts. */
async function personalData(reference: string) {
  const [c] = await sql`SELECT name, email, phone, customer_number, description, submission_key, status_token_hash,
    anonymised_at, anonymised_reason, had_email, repeat_complaint FROM cases WHERE reference = ${reference}`;
  return {
    case: c!,
    events: await sql`SELECT body, detail FROM case_events WHERE reference = ${reference} ORDER BY id`,
    outbox: await sql`SELECT to_address, text_body, html_body, last_error, subject FROM outbox WHERE reference = ${reference}`,
    satisfaction: await sql`SELECT score, comment FROM satisfaction WHERE reference = ${reference}`,
    audit: await sql`SELECT action, staff_email, detail FROM audit_log WHERE reference = ${reference}`,
    nonces: await sql`SELECT nonce FROM status_form_nonces WHERE reference = ${reference}`,
    concerns: await sql`SELECT staff_email FROM case_concerns WHERE reference = ${reference}`,
    actions: await sql`SELECT text, status FROM improvement_actions WHERE reference = ${reference}`,
  };
}

beforeAll(async () => {
  sql = testDatabase();
  connection = await Connection.connect({ address: devServerAddress() });
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  await clean();
  for (const c of CASES) await insertAnalysisCase(sql, calendar, c);
  await sql`UPDATE cases SET name = 'Jan Jansen', phone = '0612345678', description = 'Mijn factuur klopt niet, mijn IBAN is NL91ABNA0417164300.',
    submission_key = ${`retention-test-${A}`}, status_token_hash = ${`hash-${A}`} WHERE reference = ${A}`;
  await sql`UPDATE satisfaction SET comment = 'Jan was boos.' WHERE reference = ${A}`;
  for (const reference of [A, E]) {
    await sql`INSERT INTO case_events (reference, event_key, seq, event, occurred_at, actor, visibility, body, detail) VALUES
      (${reference}, '1-received', 1, 'received', '2011-02-10T10:00:00+01:00', 'system', 'public', NULL, ${sql.json({ channel: 'web' })}),
      (${reference}, '2-resolved', 2, 'resolved', '2011-02-20T10:00:00+01:00', 'behandelaar@ccv.test', 'public',
        'Jan Jansen krijgt zijn geld terug.', ${sql.json({ solution: 'Terugbetaling aan Jan', late: false })})`;
    await sql`INSERT INTO outbox (reference, event_key, template, language, to_address, subject, text_body, html_body, status, message_id, created_at, sent_at)
      VALUES (${reference}, 'acknowledgement', 'acknowledgement', 'nl', 'jan@example.nl', ${`We hebben je klacht ontvangen (${reference})`},
        'Beste Jan Jansen, ...', '<p>Beste Jan Jansen, ...</p>', 'sent', ${`<${reference}.ack@test>`}, '2011-02-10T10:00:00+01:00', '2011-02-10T10:00:01+01:00')`;
  }
  await sql`INSERT INTO audit_log (at, staff_email, action, reference, ip, detail)
    VALUES ('2011-02-12T10:00:00+01:00', 'behandelaar@ccv.test', 'case.resolve', ${A}, '127.0.0.1', ${sql.json({ refused: 'Jan Jansen belde al' })}),
           ('2006-01-01T10:00:00+01:00', 'beheer@ccv.test', 'retention-test', NULL, NULL, '{}')`;
  await sql`INSERT INTO status_form_nonces (nonce, reference, created_at) VALUES (${`retention-test-${A}`}, ${A}, '2011-03-01T10:00:00+01:00')`;
  await sql`INSERT INTO case_concerns (reference, staff_email, marked_by) VALUES (${A}, 'behandelaar@ccv.test', 'teamleider@ccv.test')`;
  await sql`INSERT INTO improvement_actions (reference, event_key, text, owner, due_date, status, created_at, done_at)
    VALUES (${A}, 'retention-test', 'Bel Jan Jansen terug over de factuurregels.', 'kwaliteit@ccv.test', '2011-03-01', 'done',
      '2011-02-20T10:00:00+01:00', '2011-02-28T10:00:00+01:00')`;
});

afterAll(async () => {
  await clean();
  await sql.end();
  await connection?.close();
});

test('the repeat complaint and the cases with an address count before any retention', async () => {
  const { month } = await figuresNow();
  // B repeats A by the address, D by the customer number.
  expect(month.repeatComplainants).toMatchObject({ numerator: 2 });
  expect(month.received).toMatchObject({ total: 4 });
});

test('two years after closure a case is anonymised in every table; the figures over its period stay the same', async () => {
  const before = await figuresNow();

  // 31 March 2013: A (closed 20 March 2011) has passed its two years; B (closed 28 April 2011) has not.
  expect(await namespaceRetentionDays()).toBe(1);
  const first = await retention().applyRetention({ asOf: '2013-03-31T03:00:00+02:00' });
  expect(first).toMatchObject({ cases: 3 }); // A, C (closed 10 March) and D (30 March 2011)
  // Temporal keeps closed workflows as long as the setting says, also when it changed since the worker started.
  const { retention: periods } = await loadSettings(sql);
  expect(first.workflowHistoryDays).toBe(periods.workflowHistoryDays);
  expect(await namespaceRetentionDays()).toBe(periods.workflowHistoryDays);
  const a = await personalData(A);
  expect(a.case).toMatchObject({
    name: '', email: null, phone: null, customer_number: null, description: '', submission_key: null, status_token_hash: null,
    anonymised_reason: 'retention', had_email: true,
  });
  expect(a.events.map((e) => e.body)).toEqual([null, null]);
  expect(a.events.map((e) => e.detail)).toEqual([{ channel: 'web' }, { late: false }]);
  expect(a.outbox).toEqual([{ to_address: '', text_body: '', html_body: '', last_error: null, subject: `We hebben je klacht ontvangen (${A})` }]);
  expect(a.satisfaction).toEqual([{ score: 2, comment: null }]);
  expect(a.audit).toEqual([{ action: 'case.resolve', staff_email: 'behandelaar@ccv.test', detail: {} }]);
  expect(a.nonces).toEqual([]);
  expect(a.concerns).toEqual([]);
  expect(a.actions).toEqual([{ text: expect.not.stringContaining('Jan'), status: 'done' }]);
  expect(JSON.stringify(a)).not.toMatch(/Jan|jan@|4711|0612345678|NL91/);
  // B's repeat rested on A's address: kept as a fact before the address went.
  expect((await personalData(B)).case).toMatchObject({ email: 'jan@example.nl', anonymised_at: null, repeat_complaint: true });
  expect((await personalData(D)).case).toMatchObject({ customer_number: null, repeat_complaint: true, had_email: false });
  // The old audit entry (2006: more than 5 years) is gone; E's email of 2011 lost its text (90 days).
  expect(await sql`SELECT 1 FROM audit_log WHERE action = 'retention-test'`).toHaveLength(0);
  expect((await personalData(E)).outbox).toEqual([expect.objectContaining({ to_address: '', text_body: '' })]);
  expect((await personalData(E)).case).toMatchObject({ name: 'Testklant', anonymised_at: null });
  expect(await figuresNow()).toEqual(before);

  // A second run the same day changes nothing.
  expect(await retention().applyRetention({ asOf: '2013-03-31T03:00:00+02:00' })).toEqual({ cases: 0, emails: 0, auditEntries: 0, nonces: 0, workflowHistoryDays: periods.workflowHistoryDays });

  // 1 January 2015: every case of the period is anonymised, and the figures are still the same.
  expect(await retention().applyRetention({ asOf: '2015-01-01T03:00:00+01:00' })).toMatchObject({ cases: 2 });
  const all = await sql`SELECT reference, name, email, customer_number, description FROM cases WHERE reference IN ${sql(REFERENCES)} ORDER BY reference`;
  expect(all.every((c) => c.name === '' && c.email === null && c.customer_number === null && c.description === '')).toBe(true);
  expect(await figuresNow()).toEqual(before);
});
