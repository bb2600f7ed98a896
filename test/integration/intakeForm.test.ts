/**
 * The public form over HTTP against the real stack: the web app, the Temporal dev server with a
 * worker running the case workflow, and the embedded Postgres.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { startPendingWorkflows } from '../../src/cases/startCaseWorkflow';
import { getCase } from '../../src/db/cases';
import type { Sql } from '../../src/db/db';
import { listOutbox } from '../../src/db/outbox';
import { loadSettings } from '../../src/db/settings';
import { CaseChannel, CaseReference, CaseStatus, CaseType } from '../../src/temporal/searchAttributes';
import { devStack, type DevStack } from '../support/devStack';

const TASK_QUEUE = 'intake-form-test';

let stack: DevStack;
let sql: Sql;
let client: Client;
let app: ReturnType<DevStack['app']>;

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  ({ sql, client } = stack);
  app = stack.app({ rateLimits: { submissions: 1000 } });
});

afterAll(() => stack?.stop());

const offlineApp = () => stack.offlineApp();

function hidden(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match) throw new Error(`no hidden field ${name} in the form`);
  return match[1]!;
}

/** Opens the form like a browser: a cookie jar, the CSRF token and the submission id from the page. */
async function openForm(path = '/'): Promise<{ agent: TestAgent; fields: Record<string, string>; html: string }> {
  const agent = request.agent(app);
  const res = await agent.get(path).expect(200);
  return { agent, html: res.text, fields: { _csrf: hidden(res.text, '_csrf'), submissionId: hidden(res.text, 'submissionId') } };
}

const complaint = {
  caseType: 'complaint',
  name: 'Pieter Jansen',
  email: 'Pieter.Jansen@Example.nl',
  phone: '06 12345678',
  customerNumber: 'M-100234',
  category: 'billing',
  description: 'Ik ben twee keer gefactureerd voor dezelfde terminal in oktober.',
};

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('GET / shows the form in Dutch, with both kinds explained and a language switch', async () => {
  const { html } = await openForm();
  expect(html).toContain('<html lang="nl">');
  expect(html).toContain('Klacht of feedback doorgeven');
  expect(html).toContain('Je bent niet tevreden over onze dienstverlening of producten.');
  expect(html).toContain('Je hebt een tip of idee');
  for (const field of ['name', 'email', 'phone', 'customerNumber', 'category', 'description']) {
    expect(html).toContain(`<label for="${field}">`);
  }
  expect(html).toContain('href="/?lang&#x3D;en"'); // Handlebars escapes "=" in attributes
});

test('GET /?lang=en shows the form in English', async () => {
  const { html } = await openForm('/?lang=en');
  expect(html).toContain('<html lang="en">');
  expect(html).toContain('Submit a complaint or feedback');
  expect(html).toContain('name="lang" value="en"');
});

test('a valid submission starts the case workflow, acknowledges it in the outbox and confirms the reference', async () => {
  const { agent, fields } = await openForm();
  const res = await agent.post('/').type('form').send({ ...fields, lang: 'nl', ...complaint }).expect(303);
  const reference = /\/ontvangen\/(KL-\d{4}-\d{6})$/.exec(res.headers.location ?? '')?.[1];
  expect(reference).toBeDefined();

  const confirmation = await agent.get(res.headers.location!).expect(200);
  expect(confirmation.text).toContain(reference);
  expect(confirmation.text).toContain('Bedankt, we hebben je bericht ontvangen');

  const stored = await getCase(sql, reference!);
  expect(stored).toMatchObject({ caseType: 'complaint', channel: 'web', email: 'pieter.jansen@example.nl', phone: '06 12345678' });

  const handle = client.workflow.getHandle(reference!);
  const description = await handle.describe();
  expect(description.type).toBe('caseWorkflow');
  expect(await description.staticSummary()).toBe(`Klacht ${reference} via webformulier`);
  expect(description.typedSearchAttributes.get(CaseReference)).toBe(reference);
  expect(description.typedSearchAttributes.get(CaseType)).toBe('complaint');
  expect(description.typedSearchAttributes.get(CaseChannel)).toBe('web');

  const [mail] = await waitFor(async () => {
    const rows = await listOutbox(sql, reference!);
    return rows.length && rows[0]!.status !== 'pending' ? rows : undefined;
  }, 'the acknowledgement in the outbox');
  expect(mail).toMatchObject({ eventKey: 'acknowledgement', status: 'stored', toAddress: 'pieter.jansen@example.nl' });
  expect(mail!.subject).toBe(`We hebben je klacht ontvangen (${reference})`);
  await waitFor(async () => ((await handle.describe()).typedSearchAttributes.get(CaseStatus) === 'in-progress' ? true : undefined),
    'the in-progress status in Temporal');

  // Ops can find it in Temporal Web by these attributes; personal data is in none of them, nor
  // anywhere in the history of the case so far.
  const history = JSON.stringify(await handle.fetchHistory());
  const visible = JSON.stringify([await description.staticSummary(), (await handle.describe()).searchAttributes, history]);
  for (const personal of ['Pieter', 'Jansen', 'example.nl', '12345678', 'M-100234', 'gefactureerd']) {
    expect(visible).not.toContain(personal);
  }
});

test('a double submit of the same form yields the same reference and one workflow', async () => {
  const { agent, fields } = await openForm();
  const body = { ...fields, lang: 'nl', ...complaint, caseType: 'feedback' };
  const [first, second] = await Promise.all([
    agent.post('/').type('form').send(body),
    agent.post('/').type('form').send(body),
  ]);
  expect(first.status).toBe(303);
  expect(second.headers.location).toBe(first.headers.location);
  const reference = first.headers.location!.split('/').pop()!;
  expect(reference).toMatch(/^FB-/);
  const third = await agent.post('/').type('form').send(body).expect(303);
  expect(third.headers.location).toBe(first.headers.location);
  const rows = await sql`SELECT reference FROM cases WHERE submission_key = ${fields.submissionId!}`;
  expect(rows).toHaveLength(1);
});

test('going back, editing and sending again keeps the edit as a case of its own', async () => {
  const { agent, fields } = await openForm();
  const first = await agent.post('/').type('form').send({ ...fields, lang: 'nl', ...complaint }).expect(303);
  const edited = await agent.post('/').type('form')
    .send({ ...fields, lang: 'nl', ...complaint, description: 'Correctie: het ging om de factuur van november.' }).expect(303);
  expect(edited.headers.location).not.toBe(first.headers.location);
  const editedAgain = await agent.post('/').type('form')
    .send({ ...fields, lang: 'nl', ...complaint, description: 'Correctie: het ging om de factuur van november.' }).expect(303);
  expect(editedAgain.headers.location).toBe(edited.headers.location);
});

test('invalid input is refused with messages next to the fields and the typed input kept', async () => {
  const { agent, fields } = await openForm();
  const res = await agent.post('/').type('form')
    .send({ ...fields, lang: 'nl', caseType: 'complaint', name: 'Els "de" <Vries>', email: 'els@', description: 'kort' })
    .expect(422);
  expect(res.text).toContain('Vul een geldig e-mailadres in');
  expect(res.text).toContain('Kies een onderwerp.');
  expect(res.text).toContain('Beschrijf je klacht of feedback in minimaal 10 tekens.');
  expect(res.text).toContain('href="#email"');
  expect(res.text).toContain('value="Els &quot;de&quot; &lt;Vries&gt;"');
  expect(res.text).toContain('value="els@"');
  expect(res.text).toContain('>kort</textarea>');
  expect(res.text).toContain(`name="submissionId" value="${fields.submissionId}"`);
  const rows = await sql`SELECT reference FROM cases WHERE submission_key = ${fields.submissionId!}`;
  expect(rows).toHaveLength(0);
});

test('English submissions get English messages', async () => {
  const { agent, fields } = await openForm('/?lang=en');
  const res = await agent.post('/?lang=en').type('form').send({ ...fields, lang: 'en', caseType: 'feedback' }).expect(422);
  expect(res.text).toContain('Enter your name.');
  expect(res.text).toContain('Choose a subject.');
});

test('a post without a valid CSRF token is refused, keeping what was typed, and the fresh form goes through', async () => {
  const agent = request.agent(app);
  const res = await agent.post('/').type('form').send({ ...complaint, _csrf: 'forged' }).expect(403);
  expect(res.text).toContain('Het formulier was verlopen');
  expect(res.text).toContain('value="Pieter Jansen"');
  const again = await agent.post('/').type('form')
    .send({ ...complaint, _csrf: hidden(res.text, '_csrf'), submissionId: hidden(res.text, 'submissionId'), lang: 'nl' })
    .expect(303);
  expect(again.headers.location).toMatch(/\/ontvangen\/KL-/);
});

test('a description at its limit in a non-Latin script fits the body limit', async () => {
  const { agent, fields } = await openForm();
  // 5,000 characters of three UTF-8 bytes each: 45 kB percent-encoded, more than the old 32 kB limit.
  const res = await agent.post('/').type('form').send({ ...fields, ...complaint, description: 'क्षमा'.repeat(1000) }).expect(303);
  expect(res.headers.location).toMatch(/\/ontvangen\/KL-/);
});

test('an oversized request gets the form back with the reason, not a bare error page', async () => {
  const { agent, fields } = await openForm();
  const res = await agent.post('/').type('form').send({ ...fields, ...complaint, description: 'x'.repeat(70_000) }).expect(413);
  expect(res.text).toContain('te groot');
  expect(res.text).toContain('name="description"');
});

test('text with a NUL or another control character gets a field message; nothing is stored', async () => {
  for (const [field, value, message] of [
    ['description', 'Mijn pinautomaat\u0000 werkt niet meer.', 'onzichtbaar of ongeldig teken'],
    ['name', 'Pieter\u001bJansen', 'Je naam bevat een onzichtbaar of ongeldig teken'],
    ['name', 'Pieter Jansen\r\nBezoek https://win.example', 'Vul je naam op één regel in'],
    ['name', 'Win een prijs op www.prijs.example', 'zonder webadres'],
  ] as const) {
    const { agent, fields } = await openForm();
    const res = await agent.post('/').type('form').send({ ...fields, ...complaint, [field]: value }).expect(422);
    expect(res.text).toContain(message);
    expect(await sql`SELECT 1 FROM cases WHERE submission_key = ${fields.submissionId!}`).toHaveLength(0);
  }
});

test('when Temporal is unreachable the submission is kept and a retry of the same form completes it', async () => {
  const offline = offlineApp();
  const agent = request.agent(offline);
  const page = await agent.get('/').expect(200);
  const fields = { _csrf: hidden(page.text, '_csrf'), submissionId: hidden(page.text, 'submissionId') };
  const res = await agent.post('/').type('form').send({ ...fields, lang: 'nl', ...complaint }).expect(503);
  expect(res.text).toContain('We kunnen je bericht nu niet verwerken');
  expect(res.text).toContain('value="Pieter Jansen"');
  const [stored] = await sql`SELECT reference, workflow_started_at FROM cases WHERE submission_key = ${fields.submissionId}`;
  expect(stored?.workflow_started_at).toBeNull();

  // The customer sends the same form again (same submission id) once Temporal is back.
  const online = request.agent(app);
  const again = await online.get('/').expect(200);
  const retry = await online.post('/').type('form')
    .send({ _csrf: hidden(again.text, '_csrf'), submissionId: fields.submissionId, lang: 'nl', ...complaint }).expect(303);
  expect(retry.headers.location).toContain(stored!.reference);
  await client.workflow.getHandle(stored!.reference).describe();
});

test('cases stored while Temporal was unreachable are started once it is back', async () => {
  const agent = request.agent(offlineApp());
  const page = await agent.get('/?lang=en').expect(200);
  const submissionId = hidden(page.text, 'submissionId');
  await agent.post('/?lang=en').type('form')
    .send({ _csrf: hidden(page.text, '_csrf'), submissionId, lang: 'en', ...complaint })
    .expect(503);
  const [stored] = await sql<{ reference: string }[]>`SELECT reference FROM cases WHERE submission_key = ${submissionId}`;
  const started = await startPendingWorkflows({ sql, client, taskQueue: TASK_QUEUE });
  expect(started).toContain(stored!.reference);
  expect((await client.workflow.getHandle(stored!.reference).describe()).status.name).toBe('RUNNING');
  expect(await startPendingWorkflows({ sql, client, taskQueue: TASK_QUEUE })).toEqual([]);
});

test('a submitted case is marked as started after the answer; one whose mark was lost is marked by the sweep, not started again', async () => {
  const { agent, fields } = await openForm();
  await agent.post('/').type('form').send({ ...fields, lang: 'nl', ...complaint }).expect(303);
  const [stored] = await sql<{ reference: string }[]>`SELECT reference FROM cases WHERE submission_key = ${fields.submissionId!}`;
  await waitFor(async () => (await getCase(sql, stored!.reference))?.workflowStartedAt ?? undefined, 'the mark after the answer');

  // As if the web process stopped between its answer and the mark.
  await sql`UPDATE cases SET workflow_started_at = NULL WHERE reference = ${stored!.reference}`;
  expect(await startPendingWorkflows({ sql, client, taskQueue: TASK_QUEUE })).not.toContain(stored!.reference);
  expect((await getCase(sql, stored!.reference))?.workflowStartedAt).toBeInstanceOf(Date);
  const runs = await client.workflow.count(`WorkflowId = '${stored!.reference}'`);
  expect(runs.count).toBe(1);
});

test('a filled-in honeypot is thanked and stored nowhere', async () => {
  const { agent, fields } = await openForm();
  const res = await agent.post('/').type('form').send({ ...fields, ...complaint, website: 'http://spam.example' }).expect(303);
  expect(res.headers.location).toBe('/ontvangen/bedankt');
  const rows = await sql`SELECT reference FROM cases WHERE submission_key = ${fields.submissionId!}`;
  expect(rows).toHaveLength(0);
  const thanks = await agent.get('/ontvangen/bedankt').expect(200);
  expect(thanks.text).toContain('Bedankt, we hebben je bericht ontvangen');
});

test('stored submissions are rate limited per address with a friendly page; a form sent back with messages costs nothing', async () => {
  const limited = stack.app({ rateLimits: { submissions: 2 } });
  const agent = request.agent(limited);
  const page = await agent.get('/').expect(200);
  const invalid = { _csrf: hidden(page.text, '_csrf'), lang: 'nl', caseType: 'complaint' }; // nothing is stored
  for (let i = 0; i < 5; i++) await agent.post('/').type('form').send(invalid).expect(422);
  for (let i = 0; i < 2; i++) await agent.post('/').type('form').send({ ...invalid, ...complaint, submissionId: randomUUID() }).expect(303);
  const typed = { ...complaint, description: `Mijn verhaal dat niet verloren mag gaan ${randomUUID()}` };
  const res = await agent.post('/').type('form').send({ ...invalid, ...typed, submissionId: randomUUID() }).expect(429);
  expect(res.text).toContain('Je hebt in korte tijd veel verzoeken gedaan');
  // The form comes back with what was typed, so that the customer can send it later.
  expect(res.text).toContain(typed.description);
  expect(res.text).toContain(`<title>Fout: `);
});

test('the form tells what happens to the customer\'s details and for how long (the retention setting), links the privacy statement when configured, and calls with a tap', async () => {
  const page = await request(stack.app({ config: { ...stack.config, privacyStatementUrl: 'https://example.nl/privacy' } })).get('/').expect(200);
  expect(page.text).toContain('Wat we met je gegevens doen');
  const { retention } = await loadSettings(sql);
  expect(retention.closedCaseDays % 365).toBeLessThanOrEqual(1);
  expect(page.text).toContain(`We bewaren ze tot ${Math.round(retention.closedCaseDays / 365)} jaar na het afsluiten van je zaak`);
  expect(page.text).toContain('<a href="https://example.nl/privacy">Lees onze privacyverklaring</a>');
  expect(page.text).toContain('<a href="tel:+31882289849">088 228 9849</a>');
  expect(page.text).not.toContain('<title>Fout');
  const english = await request(stack.app()).get('/?lang=en').expect(200);
  expect(english.text).toContain('What we do with your details');
  expect(english.text).not.toContain('privacy statement</a>'); // no statement configured
});

test('two web processes of one installation share the limit: counted in Postgres, not per process', async () => {
  const scope = randomUUID();
  const [first, second] = [stack.app({ rateLimits: { submissions: 3 }, rateLimitScope: scope }), stack.app({ rateLimits: { submissions: 3 }, rateLimitScope: scope })];
  const submit = async (app: typeof first) => {
    const agent = request.agent(app);
    const page = await agent.get('/').expect(200);
    return agent.post('/').type('form').send({ _csrf: hidden(page.text, '_csrf'), lang: 'nl', ...complaint, submissionId: randomUUID() });
  };
  expect((await submit(first)).status).toBe(303);
  expect((await submit(second)).status).toBe(303);
  expect((await submit(first)).status).toBe(303);
  // The fourth from this address, to either process, is one too many.
  const refused = await submit(second);
  expect(refused.status).toBe(429);
  expect(refused.headers.ratelimit).toMatch(/; r=0;/);
  expect((await submit(first)).status).toBe(429);
  // One count for the address in the shared table (refused requests are taken back, as failed ones).
  const rows = await sql<{ points: number }[]>`SELECT points FROM rate_limits WHERE key LIKE ${`${scope}:submissions:%`}`;
  expect(rows).toHaveLength(1);
  expect(rows[0]!.points).toBeGreaterThanOrEqual(3);
});

test('/healthz reports Temporal and Postgres', async () => {
  const res = await request(app).get('/healthz').expect(200);
  expect(res.body).toEqual({ ok: true, postgres: 'ok', temporal: 'ok' });
});

test('/healthz answers 503 when Temporal is unreachable', async () => {
  const offline = offlineApp();
  const res = await request(offline).get('/healthz').expect(503);
  expect(res.body.ok).toBe(false);
  expect(res.body.postgres).toBe('ok');
  expect(res.body.temporal).toBe('unreachable');
});

test('unknown pages and malformed references give a plain 404', async () => {
  await request(app).get('/nope').expect(404);
  const res = await request(app).get('/ontvangen/<script>').expect(404);
  expect(res.text).not.toContain('<script>');
});
