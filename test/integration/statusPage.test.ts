/**
 * The customer's personal status page over HTTP against the real stack: the web app, the
 * Temporal dev server with a worker running the case workflow, the embedded Postgres.
 */
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { STATUS_LINK_PLACEHOLDER } from '../../src/cases/statusLinks';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';
import { caseInReadModel } from '../../src/db/caseEvents';
import type { Sql } from '../../src/db/db';
import { listOutbox } from '../../src/db/outbox';
import { statusToken } from '../../src/domain/statusToken';
import {
  addNoteUpdate,
  assignHandlerUpdate,
  caseStateQuery,
  requestInformationUpdate,
  resolveUpdate,
  substantiveResponseSentUpdate,
  type caseWorkflow,
} from '../../workflows';
import { readModelCaughtUp, storeCase, TEST_STATUS_LINKS } from '../support/cases';
import { devStack, type DevStack } from '../support/devStack';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'status-page-test';

let stack: DevStack;
let sql: Sql;
let client: Client;
let app: ReturnType<DevStack['app']>;

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  ({ sql, client } = stack);
  app = stack.app();
});

afterAll(() => stack?.stop());

async function openCase(o: Parameters<typeof storeCase>[1] = {}) {
  const record = await storeCase(sql, o);
  await startCaseWorkflow({ sql, client, taskQueue: TASK_QUEUE }, record);
  const handle = client.workflow.getHandle<typeof caseWorkflow>(record.reference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');
  await readModelCaughtUp(sql, handle);
  return { record, handle, path: `/status/${statusToken(TEST_STATUS_LINKS.secret, record.reference)}` };
}

function csrf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

test('the link in the confirmation email opens the case in the customer\'s language, with what comes next', async () => {
  const { record, path } = await openCase();
  const [mail] = await eventually(async () => {
    const rows = await listOutbox(sql, record.reference);
    return rows.length ? rows : undefined;
  }, 'the confirmation email');
  // The outbox keeps a placeholder: the link is put in at the send and stored nowhere.
  expect(mail!.textBody).toContain(STATUS_LINK_PLACEHOLDER);
  expect(mail!.textBody).not.toContain(path);

  const res = await request(app).get(path).expect(200);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.text).toContain(record.reference);
  expect(res.text).toContain('In behandeling');
  expect(res.text).toMatch(/Uiterlijk op \w+dag \d+ \w+ \d{4} ontvang je onze inhoudelijke reactie/);
  expect(res.text).toContain('We streven ernaar je klacht uiterlijk op');
  expect(res.text).toContain('We hebben je klacht ontvangen.');
  expect(res.text).toContain('Mijn klacht intrekken');
  expect(res.text).not.toContain('Beantwoord onze vraag');

  const english = await request(app).get(`${path}?lang=en`).expect(200);
  expect(english.text).toContain('Being handled');
  expect(english.text).toContain('We received your complaint.');
});

test('the customer answers a question; internal notes and staff names stay hidden', async () => {
  const { handle, path } = await openCase();
  await handle.executeUpdate(assignHandlerUpdate, { args: [{ handler: 'anna.jansen@ccv.test', by: 'teamleider@ccv.test' }] });
  await handle.executeUpdate(addNoteUpdate, { args: [{ text: 'Intern: klant belde al twee keer', by: 'anna.jansen@ccv.test' }] });
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Wat is het <serienummer>?', by: 'anna.jansen@ccv.test' }] });
  await readModelCaughtUp(sql, handle);

  const agent = request.agent(app);
  const page = await agent.get(path).expect(200);
  expect(page.text).toContain('We wachten op je antwoord');
  expect(page.text).toContain('Wat is het &lt;serienummer&gt;?');
  expect(page.text).toContain('Beantwoord onze vraag');
  expect(page.text).not.toContain('Intern: klant belde');
  expect(page.text).not.toContain('anna.jansen');
  expect(page.text).not.toContain('teamleider');

  await agent.post(`${path}/reply`).type('form').send({ text: 'Zonder token' }).expect(403);
  const empty = await agent.post(`${path}/reply`).type('form').send({ _csrf: csrf(page.text), text: '   ' }).expect(422);
  expect(empty.text).toContain('Schrijf eerst je bericht.');

  const sent = await agent.post(`${path}/reply`).type('form').send({ _csrf: csrf(page.text), text: 'Het is SN-123 <b>' }).expect(303);
  expect(sent.headers.location).toBe(`${path}?done=reply`);
  const after = await agent.get(sent.headers.location!).expect(200);
  expect(after.text).toContain('Bedankt, we hebben je reactie ontvangen.');
  expect(after.text).toContain('Het is SN-123 &lt;b&gt;');
  expect(after.text).not.toContain('Beantwoord onze vraag');
  expect((await handle.query(caseStateQuery)).status).toBe('in-progress');
  await handle.terminate('test done');
});

test('the customer objects to the outcome ("Ik ben het niet eens met de uitkomst") and gets a confirmation', async () => {
  const { record, handle, path } = await openCase();
  await handle.executeUpdate(substantiveResponseSentUpdate, { args: [{ text: 'We hebben het onderzocht.', by: 'anna@ccv.test' }] });
  await handle.executeUpdate(resolveUpdate, { args: [{ outcome: 'Ongegrond.', solution: 'Geen vergoeding.', by: 'anna@ccv.test', justified: 'justified', rootCause: 'product' }] });
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  await readModelCaughtUp(sql, handle);

  const agent = request.agent(app);
  const page = await agent.get(path).expect(200);
  expect(page.text).toContain('Ik ben het niet eens met de uitkomst');
  expect(page.text).toContain('Ik ga akkoord met de uitkomst');
  expect(page.text).toMatch(/Dan kun je tot en met \w+dag \d+ \w+ \d{4} bezwaar maken/);
  expect(page.text).toContain('Geen vergoeding.');
  // After the outcome there is nothing to withdraw: accept or object (and a posted withdrawal is refused).
  expect(page.text).not.toContain('intrekken');
  const withdrawn = await agent.post(`${path}/withdraw`).type('form').send({ _csrf: csrf(page.text), text: '', confirm: 'yes' }).expect(422);
  expect(withdrawn.text).toContain('Na de uitkomst kun je niet meer intrekken');

  const res = await agent.post(`${path}/object`).type('form')
    .send({ _csrf: csrf(page.text), text: 'Ik vind dat mijn schade wel vergoed moet worden.' }).expect(303);
  const after = await agent.get(res.headers.location!).expect(200);
  expect(after.text).toContain('We hebben je bezwaar ontvangen');
  expect(after.text).toContain('Je bezwaar wordt beoordeeld');
  expect(after.text).not.toContain('Ik ga akkoord met de uitkomst');
  const objection = await eventually(async () => (await listOutbox(sql, record.reference)).find((m) => m.template === 'objection-received'), 'the objection email');
  expect(objection.subject).toBe(`We hebben je bezwaar ontvangen (${record.reference})`);

  // Accepting after objecting no longer fits: refused with the reason, nothing changes.
  const late = await agent.post(`${path}/accept`).type('form').send({ _csrf: csrf(page.text), confirm: 'yes' }).expect(422);
  expect(late.text).toContain('Er is nog geen uitkomst');
  await handle.terminate('test done');
});

test('the customer withdraws the complaint; the closed case is read from Postgres, and its link expires', async () => {
  const { record, handle, path } = await openCase({ language: 'en' });
  const agent = request.agent(app);
  const page = await agent.get(path).expect(200);
  expect(page.text).toContain('Withdraw my complaint');
  // Withdrawing cannot be undone: without the tick nothing is sent, and the form comes back open with the text.
  const unticked = await agent.post(`${path}/withdraw`).type('form').send({ _csrf: csrf(page.text), text: 'Opgelost via de winkel.' }).expect(422);
  expect(unticked.text).toContain('Tick the box to confirm that withdrawing cannot be undone. Nothing has been sent yet.');
  expect(unticked.text).toMatch(/<details class="panel" open>/);
  expect(unticked.text).toContain('Opgelost via de winkel.');
  expect((await handle.query(caseStateQuery)).status).not.toBe('closed');
  const res = await agent.post(`${path}/withdraw`).type('form').send({ _csrf: csrf(unticked.text), text: '', confirm: 'yes' }).expect(303);
  const after = await agent.get(res.headers.location!).expect(200);
  expect(after.text).toContain('Your complaint has been withdrawn.');
  expect(after.text).toContain('Closed');
  expect((await handle.result()).closure).toBe('withdrawn');

  // A closed case needs no Temporal: the read model shows it.
  await eventually(async () => (await sql`SELECT 1 FROM cases WHERE reference = ${record.reference} AND status = 'closed'`).length > 0, 'the projection');
  const offline = stack.offlineApp();
  const closed = await request(offline).get(path).expect(200);
  expect(closed.text).toContain('Closed');
  expect(closed.text).toContain('You withdrew your complaint.');
  expect(closed.text).not.toContain('You cannot respond on this page');

  await sql`UPDATE cases SET closed_at = now() - interval '200 days' WHERE reference = ${record.reference}`;
  await request(app).get(path).expect(404);
});

test('a view asks nothing of Temporal: the read model has the case\'s state, with what comes next and what the customer may do', async () => {
  const { record, path } = await openCase();
  await eventually(async () => (await caseInReadModel(sql, record.reference)).state?.status === 'in-progress' || undefined, 'the read model');
  const offline = await request(stack.offlineApp()).get(path).expect(200);
  expect(offline.text).toContain('In behandeling');
  expect(offline.text).toMatch(/Uiterlijk op \w+dag \d+ \w+ \d{4} ontvang je onze inhoudelijke reactie/);
  expect(offline.text).toContain('Mijn klacht intrekken');
  expect(offline.text).toContain('We hebben je klacht ontvangen.');
});

test('a case projected before the read model kept its state is read from its workflow once, which completes the read model', async () => {
  const { record, path } = await openCase();
  await eventually(async () => (await caseInReadModel(sql, record.reference)).state?.status === 'in-progress' || undefined, 'the read model');
  await sql`UPDATE cases SET workflow_state = NULL WHERE reference = ${record.reference}`;
  await sql`UPDATE case_events SET workflow_actor = NULL WHERE reference = ${record.reference}`;
  // Without Temporal such a case cannot show what the customer may do.
  const before = await request(stack.offlineApp()).get(path).expect(200);
  expect(before.text).not.toContain('Mijn klacht intrekken');

  const online = await request(app).get(path).expect(200);
  expect(online.text).toContain('Mijn klacht intrekken');
  const completed = await eventually(async () => (await caseInReadModel(sql, record.reference)).state, 'the completed read model');
  expect(completed.status).toBe('in-progress');
  expect(completed.timeline.map((e) => e.actor)).toEqual(['systeem', 'systeem']);
  const after = await request(stack.offlineApp()).get(path).expect(200);
  expect(after.text).toContain('Mijn klacht intrekken');
});

test('a double click on "send" sends the answer once', async () => {
  const { handle, path } = await openCase();
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Welke kleur heeft de terminal?', by: 'anna@ccv.test' }] });
  await readModelCaughtUp(sql, handle);
  const agent = request.agent(app);
  const page = await agent.get(path).expect(200);
  const nonce = /name="nonce" value="([^"]+)"/.exec(page.text)![1];
  const form = { _csrf: csrf(page.text), nonce, text: 'Zwart.' };
  await agent.post(`${path}/reply`).type('form').send(form).expect(303);
  await agent.post(`${path}/reply`).type('form').send(form).expect(303);
  await eventually(async () => (await handle.query(caseStateQuery)).timeline.some((e) => e.event === 'customer-replied'), 'the reply');
  await handle.executeUpdate(addNoteUpdate, { args: [{ text: 'barrière', by: 'anna@ccv.test' }] }); // after any pending signal
  const replies = (await handle.query(caseStateQuery)).timeline.filter((e) => e.event === 'customer-replied');
  expect(replies).toHaveLength(1);
  await handle.terminate('test done');
});

test('a wrong or malformed token gives a plain 404 that reveals nothing', async () => {
  const withoutLanguageSwitch = (html: string) => html.replace(/<a class="lang-switch"[^>]*>/, '');
  const generic = await request(app).get('/no-such-page').expect(404);
  for (const path of ['/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/status/short', '/status/<script>alert(1)</script>']) {
    const res = await request(app).get(path).expect(404);
    expect(withoutLanguageSwitch(res.text)).toBe(withoutLanguageSwitch(generic.text));
    expect(res.text).not.toContain('<script>alert');
  }
});

test('token guessing is rate limited', async () => {
  const limited = stack.app();
  for (let i = 0; i < 120; i++) await request(limited).get(`/status/${'x'.repeat(32)}`).expect(404);
  const res = await request(limited).get(`/status/${'x'.repeat(32)}`).expect(429);
  expect(res.text).toContain('Je hebt in korte tijd veel verzoeken gedaan');
});

test('accepting the outcome closes the case; the closing email asks how satisfied the customer is, answered on the page', async () => {
  const { record, handle, path } = await openCase();
  await handle.executeUpdate(resolveUpdate, { args: [{ outcome: 'Gegrond.', solution: 'Nieuwe terminal.', by: 'anna@ccv.test', justified: 'justified', rootCause: 'product' }] });
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  await readModelCaughtUp(sql, handle);
  const agent = request.agent(app);
  const page = await agent.get(path).expect(200);
  // Accepting gives up the objection: without the tick nothing is sent.
  const unticked = await agent.post(`${path}/accept`).type('form').send({ _csrf: csrf(page.text) }).expect(422);
  expect(unticked.text).toContain('Vink aan dat je begrijpt dat je daarna geen bezwaar meer kunt maken.');
  await agent.post(`${path}/accept`).type('form').send({ _csrf: csrf(unticked.text), confirm: 'yes' }).expect(303);
  expect((await handle.result()).closure).toBe('accepted');

  const closing = await eventually(async () => (await listOutbox(sql, record.reference)).find((m) => m.template === 'closing'), 'the closing email');
  expect(closing.textBody).toContain('Hoe tevreden ben je over de manier waarop we je klacht hebben behandeld?');
  const closed = await agent.get(path).expect(200);
  expect(closed.text).toContain('Afgesloten');
  expect(closed.text).toContain('Hoe tevreden ben je over de afhandeling?');

  await agent.post(`${path}/rate`).type('form').send({ _csrf: csrf(closed.text), score: '9' }).expect(422);
  const rated = await agent.post(`${path}/rate`).type('form').send({ _csrf: csrf(closed.text), score: '4', comment: 'Snel geholpen.' }).expect(303);
  const after = await agent.get(rated.headers.location!).expect(200);
  expect(after.text).toContain('Bedankt voor je beoordeling.');
  expect(after.text).toContain('Je gaf ons een 4 van 5. Bedankt!');
  const [row] = await sql<{ score: number; comment: string }[]>`SELECT score, comment FROM satisfaction WHERE reference = ${record.reference}`;
  expect(row).toEqual({ score: 4, comment: 'Snel geholpen.' });
});
