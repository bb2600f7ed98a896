/**
 * Reply templates over HTTP against the real stack: administrators keep them per language (a
 * template with an unknown placeholder comes back as typed, the message at the field); only
 * administrators manage them; a handler picks one in an action's form on the case page, gets it
 * filled with the case's values in the customer's language, edits it, previews the email and sends.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type TestAgent from 'supertest/lib/agent';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';
import type { Sql } from '../../src/db/db';
import { listOutbox } from '../../src/db/outbox';
import { createStaff } from '../../src/db/staff';
import type { Role } from '../../src/domain/staff';
import { caseStateQuery, type caseWorkflow } from '../../workflows';
import { csrf, signInAs } from '../support/adminSession';
import { storeCase } from '../support/cases';
import { devStack, type DevStack } from '../support/devStack';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'reply-templates-test';
const PASSWORD = 'een lang en sterk wachtwoord';

let stack: DevStack;
let sql: Sql;
let client: Client;
let app: ReturnType<DevStack['app']>;
const suffix = randomUUID().slice(0, 6);
const email = (role: Role) => `${role}.${suffix}@ccv.test`;

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  ({ sql, client } = stack);
  app = stack.app();
  await createStaff(sql, { email: email('admin'), name: 'Ada Beheer', role: 'admin', password: PASSWORD });
  await createStaff(sql, { email: email('agent'), name: 'Anna Jansen', role: 'agent', password: PASSWORD });
});

afterAll(() => stack?.stop());

const signIn = (role: Role): Promise<TestAgent> => signInAs(app, email(role), PASSWORD);
const unescape = (html: string) => html.replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
/** A text as the email writes it: at most one empty line in a row. */
const asSent = (text: string) => text.replace(/\n{3,}/g, '\n\n');
/** The text of a textarea with this id on the page. */
const textarea = (html: string, id: string) => unescape(new RegExp(`<textarea id="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1] ?? '');

test('administrators keep templates per language; an unknown placeholder is refused at its field with the text kept; others may not', async () => {
  const admin = await signIn('admin');
  const page = (await admin.get('/admin/sjablonen').expect(200)).text;
  expect(page).toContain('{{klant}}');
  const name = `Excuses ${suffix}`;
  const body = 'Beste {{klant}},\n\nSorry voor het ongemak met {{referentie}}. Groet, {{naam_medewerker}}';
  const refused = await admin.post('/admin/sjablonen').type('form')
    .send({ _csrf: csrf(page), name, purpose: 'substantiveResponseSent', language: 'nl', body }).expect(422);
  expect(refused.text).toMatch(/<title>Fout: /);
  expect(refused.text).toContain('Deze plaatshouders bestaan niet: {{naam_medewerker}}');
  expect(refused.text).toContain('href="#template-body"');
  expect(textarea(refused.text, 'template-body')).toBe(body);
  expect(refused.text).toContain(`value="${name}"`);

  const fixed = body.replace('{{naam_medewerker}}', '{{behandelaar}}');
  await admin.post('/admin/sjablonen').type('form')
    .send({ _csrf: csrf(refused.text), name, purpose: 'substantiveResponseSent', language: 'nl', body: fixed })
    .expect(303).expect('location', '/admin/sjablonen?opgeslagen=new');
  // The same name for the same action and language once only.
  const twice = await admin.post('/admin/sjablonen').type('form')
    .send({ _csrf: csrf(refused.text), name, purpose: 'substantiveResponseSent', language: 'nl', body: fixed }).expect(422);
  expect(twice.text).toContain('Er is al een sjabloon met deze naam');
  const [saved] = await sql<{ id: number; body: string }[]>`SELECT id::int AS id, body FROM reply_templates WHERE name = ${name}`;
  expect(saved!.body).toBe(fixed);
  const audit = await sql`SELECT 1 FROM audit_log WHERE action = 'templates.create' AND detail->>'name' = ${name}`;
  expect(audit).toHaveLength(1);

  // In English, the page and its redirect stay English.
  const english = (await admin.get(`/admin/sjablonen/${saved!.id}?lang=en`).expect(200)).text;
  expect(english).toContain('Change template');
  expect(english).toContain('{{customer}}');
  await admin.post(`/admin/sjablonen/${saved!.id}?lang=en`).type('form')
    .send({ _csrf: csrf(english), name, purpose: 'substantiveResponseSent', language: 'nl', body: `${fixed}\n` })
    .expect(303).expect('location', `/admin/sjablonen?opgeslagen=${saved!.id}&lang=en`);

  const agent = await signIn('agent');
  await agent.get('/admin/sjablonen').expect(403);
  await agent.post('/admin/sjablonen').type('form').send({ _csrf: csrf(page), name: 'x', purpose: 'addProposal', language: 'nl', body: 'x' }).expect(403);
});

test('a handler fills a template into the form with the case\'s values in the customer\'s language, edits it, previews and sends', async () => {
  const record = await storeCase(sql, { language: 'en' });
  await startCaseWorkflow({ sql, client, taskQueue: TASK_QUEUE }, record);
  const handle = client.workflow.getHandle<typeof caseWorkflow>(record.reference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');
  const agent = await signIn('agent');
  const page = (await agent.get(`/admin/zaken/${record.reference}`).expect(200)).text;
  // The customer writes English: only English templates are offered.
  const offered = /<select id="substantiveResponseSent-template"[^>]*>([\s\S]*?)<\/select>/.exec(page)![1]!;
  expect(offered).toContain('Substantive response');
  expect(offered).not.toContain('Inhoudelijke reactie');
  const [template] = await sql<{ id: number }[]>`SELECT id::int AS id FROM reply_templates WHERE language = 'en' AND name = 'Substantive response'`;

  const filled = await agent.post(`/admin/zaken/${record.reference}/actie/substantiveResponseSent`).type('form')
    .send({ _csrf: csrf(page), seen: '0', text: 'What I had typed.', template: String(template!.id), fillTemplate: '1' }).expect(200);
  // What was typed stays, the template after it.
  expect(textarea(filled.text, 'substantiveResponseSent-text')).toMatch(/^What I had typed\.\n\nWe have looked/);
  const text = textarea(filled.text, 'substantiveResponseSent-text').replace('What I had typed.\n\n', '');
  expect(text).toMatch(/^We have looked into your complaint about malfunction\. This is what we found:\n/);
  expect(text).toContain(`ask for Anna Jansen, with your case number ${record.reference} at hand.`);
  expect(text).not.toContain('{{');
  expect(filled.text).toContain('data-testid="template-filled"');
  expect(filled.text).toMatch(/<details class="action" id="actie-substantiveResponseSent" open[ >]/);
  expect((await handle.query(caseStateQuery)).substantiveResponseAt).toBeUndefined();

  // A template of another language or action is not filled in.
  const [dutch] = await sql<{ id: number }[]>`SELECT id::int AS id FROM reply_templates WHERE language = 'nl' AND name = 'Inhoudelijke reactie'`;
  const wrong = await agent.post(`/admin/zaken/${record.reference}/actie/substantiveResponseSent`).type('form')
    .send({ _csrf: csrf(page), text: 'kept', template: String(dutch!.id), fillTemplate: '1' }).expect(422);
  expect(wrong.text).toContain('Dat sjabloon bestaat niet meer');
  expect(textarea(wrong.text, 'substantiveResponseSent-text')).toBe('kept');

  const edited = text.replace('This is what we found:\n', 'This is what we found:\nthe terminal was faulty; we replaced it.');
  const previewed = await agent.post(`/admin/zaken/${record.reference}/actie/substantiveResponseSent`).type('form')
    .send({ _csrf: csrf(filled.text), text: edited, preview: '1' }).expect(200);
  expect(unescape(/data-testid="email-preview">[\s\S]*?<pre>([\s\S]*?)<\/pre>/.exec(previewed.text)![1]!)).toContain(asSent(edited));
  await agent.post(`/admin/zaken/${record.reference}/actie/substantiveResponseSent`).type('form')
    .send({ _csrf: csrf(previewed.text), text: edited }).expect(303);
  const sent = await eventually(async () => (await listOutbox(sql, record.reference)).find((m) => m.template === 'substantive-response'), 'the response');
  expect(sent.textBody).toContain(asSent(edited));
});
