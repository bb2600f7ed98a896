/**
 * Personal data in Temporal: every payload is encrypted (src/temporal/codec.ts). A complaint from
 * the public form is driven through a question, a reply, a note, an outcome, an objection and its
 * decision, each with a unique marker text; its raw history (a client without the codec, as
 * Temporal Web shows it to anyone) holds none of them, nor the customer's name, email, phone or
 * customer number. Through the codec the same history reads. The codec endpoint decrypts only for
 * signed-in staff who may read cases; keys rotate without breaking running cases.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import request from 'supertest';
import type { Sql } from '../../src/db/db';
import { createStaff, type StaffMember } from '../../src/db/staff';
import type { Role } from '../../src/domain/staff';
import { parseEncryptionKeys, encryptedDataConverter } from '../../src/temporal/codec';
import { CaseHandler } from '../../src/temporal/searchAttributes';
import {
  addNoteUpdate, assignHandlerUpdate, caseStateQuery, customerRepliedSignal, objectionDecidedUpdate, objectionSignal,
  requestInformationUpdate, resolveUpdate, withdrawSignal, type caseWorkflow,
} from '../../workflows';
import { csrf, signInAs } from '../support/adminSession';
import { readModelCaughtUp, storeCase } from '../support/cases';
import { decryptedPayloads } from '../support/decryptedHistory';
import { devStack, type DevStack } from '../support/devStack';
import { devServerAddress, TEST_ENCRYPTION_KEYS } from '../support/env';
import { eventually } from '../support/timeSkipping';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';

const TASK_QUEUE = 'encryption-test';
const PASSWORD = 'een lang en sterk wachtwoord';

let stack: DevStack;
let sql: Sql;
let app: ReturnType<DevStack['app']>;
/** A client without the codec: what Temporal Web shows to anyone who cannot decrypt. */
let raw: Client;

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  sql = stack.sql;
  app = stack.app();
  raw = new Client({ connection: await Connection.connect({ address: devServerAddress() }) });
});

afterAll(async () => {
  await raw?.connection.close();
  await stack?.stop();
});

const marker = (what: string) => `${what}-${randomUUID().slice(0, 8)}`;
const rawHistory = async (reference: string) => historyToJSON(await raw.workflow.getHandle(reference).fetchHistory());

/** The history as anyone without the key can read it: its JSON and every payload's data decoded from base64. */
function readable(historyJson: string): string {
  const decoded: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'data' && typeof value === 'string') decoded.push(Buffer.from(value, 'base64').toString('utf8'));
        else walk(value);
      }
    }
  };
  walk(JSON.parse(historyJson));
  return `${historyJson}\n${decoded.join('\n')}`;
}

async function staffMember(role: Role): Promise<string> {
  const email = `${role}.${randomUUID().slice(0, 6)}@ccv.test`;
  await createStaff(sql, { email, name: `Medewerker ${role}`, role, password: PASSWORD });
  return email;
}

test('a case\'s history holds no personal data or free text in plain text; through the codec it reads', async () => {
  const m = {
    name: marker('Naam'), email: `${marker('klant')}@example.nl`, phone: '06 98765432', customerNumber: marker('KN'),
    description: marker('Omschrijving'), question: marker('Vraag'), reply: marker('Antwoord'), note: marker('Notitie'),
    outcome: marker('Uitkomst'), solution: marker('Oplossing'), objection: marker('Bezwaar'), decision: marker('Beslissing'),
  };
  const form = request.agent(app);
  const page = await form.get('/').expect(200);
  const submissionId = randomUUID();
  await form.post('/').type('form').send({
    _csrf: csrf(page.text), submissionId, lang: 'nl', caseType: 'complaint', name: m.name, email: m.email, phone: m.phone,
    customerNumber: m.customerNumber, category: 'billing', description: `${m.description} en verder een lange genoeg omschrijving.`,
  }).expect(303);
  const [row] = await sql<{ reference: string }[]>`SELECT reference FROM cases WHERE submission_key = ${submissionId}`;
  const reference = row!.reference;
  const handle = stack.client.workflow.getHandle<typeof caseWorkflow>(reference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');

  const handler = 'behandelaar@ccv.test';
  // The handler's stable staff id goes with the assignment: CaseHandler shows it, not the address.
  const assigned = await handle.executeUpdate(assignHandlerUpdate, { args: [{ handler, by: 'teamleider@ccv.test', handlerRef: 'staff-42' }] });
  expect(assigned).toEqual({ status: 'in-progress' }); // an Update returns the status, not the case's texts
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: m.question, by: handler }] });
  await handle.signal(customerRepliedSignal, { text: m.reply });
  await handle.executeUpdate(addNoteUpdate, { args: [{ text: m.note, by: handler }] });
  await handle.executeUpdate(resolveUpdate, { args: [{ outcome: m.outcome, solution: m.solution, by: handler, justified: 'justified', rootCause: 'product' }] });
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  await handle.signal(objectionSignal, { reason: m.objection });
  await eventually(async () => (await handle.query(caseStateQuery)).objection?.reviewDue, 'the review deadline');
  await handle.executeUpdate(objectionDecidedUpdate, { args: [{ decision: m.decision, upheld: false, by: 'coordinator@ccv.test' }] });
  const final = await handle.result();

  // Through the codec: every text is there.
  expect(final.timeline.map((e) => e.text)).toEqual(expect.arrayContaining([m.question, m.reply, m.note, m.outcome, m.objection, m.decision]));
  // Without it: none of the case's personal data or texts, in any event of the history.
  const history = await rawHistory(reference);
  const plain = readable(history);
  // Staff are named by address only inside encrypted payloads.
  const staffAddresses = { handler, teamLead: 'teamleider@ccv.test', coordinator: 'coordinator@ccv.test' };
  const found = Object.entries({ ...m, ...staffAddresses }).filter(([, value]) => plain.includes(value));
  console.log(`raw history of ${reference}: ${history.length} characters, ${(history.match(/YmluYXJ5L2VuY3J5cHRlZA==/g) ?? []).length} encrypted payloads; plain markers found: ${found.length}`);
  expect(found).toEqual([]);
  expect(history).toContain('YmluYXJ5L2VuY3J5cHRlZA=='); // "binary/encrypted"
  expect(plain).toContain('staff-42');
});

/** The history as someone with the key reads it: every payload decrypted, its data as text. */
async function decrypted(historyJson: string): Promise<string> {
  return (await decryptedPayloads(historyJson)).join('\n');
}

test('staff who work a case in the admin pages appear in Temporal by staff id only, even decrypted; the pages show their names', async () => {
  const person = async (role: Role, who: string): Promise<StaffMember> => createStaff(sql, {
    email: `${who.toLowerCase()}.${randomUUID().slice(0, 6)}@ccv.test`, name: `${who} ${marker('Achternaam')}`, role, password: PASSWORD,
  });
  const [lead, agent, coordinator] = [await person('team-lead', 'Teun'), await person('agent', 'Anouk'), await person('coordinator', 'Cor')];
  // Registered from a phone call by the agent: the workflow hears who by staff id.
  const record = await storeCase(sql, { channel: 'phone', registeredBy: agent.email });
  await startCaseWorkflow({ sql, client: stack.client, taskQueue: TASK_QUEUE }, record);
  const reference = record.reference;
  const handle = stack.client.workflow.getHandle<typeof caseWorkflow>(reference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');

  const act = async (who: StaffMember, action: string, fields: Record<string, string>) => {
    const browser = await signInAs(app, who.email, PASSWORD);
    const page = await browser.get(`/admin/zaken/${reference}`).expect(200);
    const res = await browser.post(`/admin/zaken/${reference}/actie/${action}`).type('form').send({ _csrf: csrf(page.text), ...fields });
    expect([res.status, action]).toEqual([303, action]);
  };
  await act(lead, 'assignHandler', { handler: agent.email });
  await act(agent, 'addNote', { text: 'Klant teruggebeld.' });
  await act(agent, 'substantiveResponseSent', { text: 'We hebben de storing gevonden.' });
  await act(agent, 'resolve', {
    outcome: 'De terminal is vervangen.', solution: 'Nieuwe terminal', justified: 'justified', rootCause: 'product',
    improvementText: 'Terminals eerder vervangen', improvementOwner: lead.email, improvementDue: '2099-01-31',
  });
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  await act(agent, 'objection', { reason: 'De klant belde: de vervanging duurde te lang.' });
  await eventually(async () => (await handle.query(caseStateQuery)).objection?.reviewDue, 'the review deadline');
  // The agent who handled the case may not decide its objection, also now that the case names them by id;
  // the coordinator, who was not involved, may.
  await readModelCaughtUp(sql, handle);
  const involved = await signInAs(app, agent.email, PASSWORD);
  expect((await involved.get(`/admin/zaken/${reference}`).expect(200)).text).not.toContain('actie/objectionDecided');
  const uninvolved = await signInAs(app, coordinator.email, PASSWORD);
  expect((await uninvolved.get(`/admin/zaken/${reference}`).expect(200)).text).toContain('actie/objectionDecided');
  await act(coordinator, 'objectionDecided', { decision: 'De vervanging was op tijd.' });
  const final = await handle.result();

  const ids = Object.fromEntries([lead, agent, coordinator].map((m) => [m.name, `staff-${m.id}`]));
  expect(final.handler).toBe(ids[agent.name]);
  expect(final.timeline.map((e) => e.actor)).toEqual(expect.arrayContaining([ids[agent.name], ids[lead.name], ids[coordinator.name]]));
  expect(final.timeline[0]!.actor).toBe(ids[agent.name]); // registered by
  expect((await handle.describe()).typedSearchAttributes.get(CaseHandler)).toBe(ids[agent.name]);
  // Decrypted, the history names nobody: no address, no name.
  const readableWithKey = await decrypted(await rawHistory(reference));
  expect(readableWithKey).toContain('De terminal is vervangen.'); // decryption works
  const named = [lead, agent, coordinator].flatMap((m) => [m.email, m.name]).filter((v) => readableWithKey.includes(v));
  expect(named).toEqual([]);

  // The read model keeps addresses: the case list, tasks and improvement actions work as before.
  const [row] = await sql<{ handler: string }[]>`SELECT handler FROM cases WHERE reference = ${reference}`;
  expect(row!.handler).toBe(agent.email);
  const actors = await sql<{ actor: string }[]>`SELECT DISTINCT actor FROM case_events WHERE reference = ${reference}`;
  expect(actors.map((a) => a.actor).sort()).toEqual([agent.email, coordinator.email, lead.email, 'systeem'].sort());
  const [review] = await sql<{ exclude: string[] }[]>`SELECT exclude_assignee AS exclude FROM tasks WHERE reference = ${reference} AND kind = 'objection-review'`;
  expect(review!.exclude).toContain(agent.email);
  const [improvement] = await sql<{ owner: string }[]>`SELECT owner FROM improvement_actions WHERE reference = ${reference}`;
  expect(improvement!.owner).toBe(lead.email);

  // People read names: the handler and every actor on the case page.
  const casePage = (await (await signInAs(app, coordinator.email, PASSWORD)).get(`/admin/zaken/${reference}`).expect(200)).text;
  expect(casePage).toMatch(new RegExp(`data-testid="handler">${agent.name}<`));
  for (const m of [lead, agent, coordinator]) expect(casePage).toContain(m.name);
  expect(casePage).not.toMatch(/staff-\d+/);
});

test('the codec endpoint decrypts for signed-in staff who may read cases; for anyone else the payloads stay ciphertext', async () => {
  const record = await storeCase(sql);
  await startCaseWorkflow({ sql, client: stack.client, taskQueue: TASK_QUEUE }, record);
  const text = marker('Teruggetrokken');
  const handle = stack.client.workflow.getHandle<typeof caseWorkflow>(record.reference);
  await handle.signal(withdrawSignal, { reason: text });
  await handle.result();
  // The signal's payload as Temporal Web sends it to the codec: metadata and data in base64.
  const history = JSON.parse(await rawHistory(record.reference)) as {
    events: { workflowExecutionSignaledEventAttributes?: { input: { payloads: { metadata: Record<string, string>; data: string }[] } } }[];
  };
  const payloads = history.events.find((e) => e.workflowExecutionSignaledEventAttributes)!.workflowExecutionSignaledEventAttributes!.input.payloads;
  const decode = (agent: ReturnType<typeof request.agent> | ReturnType<typeof request>) =>
    agent.post('/admin/codec/decode').set('Content-Type', 'application/json').set('X-Namespace', 'default').send({ payloads });

  expect((await decode(request(app))).status).toBe(401);
  expect((await decode(await signInAs(app, await staffMember('governance'), PASSWORD))).status).toBe(403);
  const agent = await signInAs(app, await staffMember('agent'), PASSWORD);
  const res = await decode(agent).expect(200);
  const decoded = res.body as { payloads: { metadata: Record<string, string>; data: string }[] };
  expect(Buffer.from(decoded.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
  expect(JSON.parse(Buffer.from(decoded.payloads[0]!.data, 'base64').toString())).toEqual({ reason: text });
  // Temporal Web's origin may call it with the session cookie; no other origin is allowed.
  const preflight = await request(app).options('/admin/codec/decode').set('Origin', 'http://localhost:8233').expect(204);
  expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:8233');
  expect(preflight.headers['access-control-allow-credentials']).toBe('true');
  const other = await request(app).options('/admin/codec/decode').set('Origin', 'https://evil.example').expect(204);
  expect(other.headers['access-control-allow-origin']).toBeUndefined();
  // Bad input is a 400, not a crash.
  await agent.post('/admin/codec/decode').set('Content-Type', 'application/json').send({ payloads: 'x' }).expect(400);
});

test('keys rotate: a case started under the old key finishes under the new one, which the old key alone cannot read', async () => {
  const [newKey, oldKey] = TEST_ENCRYPTION_KEYS.split(',');
  const before = new Client({ connection: stack.client.connection, dataConverter: encryptedDataConverter(parseEncryptionKeys(oldKey)) });
  const after = new Client({ connection: stack.client.connection, dataConverter: encryptedDataConverter(parseEncryptionKeys(`${newKey},${oldKey}`)) });
  const record = await storeCase(sql);
  // Started by a client that knows only the old key; the worker already has the new one first.
  await startCaseWorkflow({ sql, client: before, taskQueue: TASK_QUEUE }, record);
  await eventually(async () => (await after.workflow.getHandle<typeof caseWorkflow>(record.reference).query(caseStateQuery)).status === 'in-progress', 'the confirmation');
  await after.workflow.getHandle(record.reference).signal(withdrawSignal, { reason: 'Opgelost.' });
  const final = await after.workflow.getHandle<typeof caseWorkflow>(record.reference).result();
  expect(final.closure).toBe('withdrawn');
  const history = await rawHistory(record.reference);
  expect(history).toContain(Buffer.from('test-1').toString('base64')); // the start input, under the old key
  expect(history).toContain(Buffer.from('test-2').toString('base64')); // the result, under the new one
  await expect(before.workflow.getHandle(record.reference).result()).rejects.toThrow(/No encryption key "test-2"/);
  expect(() => parseEncryptionKeys('kort:AAAA')).toThrow(/32 bytes/);
  expect(() => parseEncryptionKeys(undefined)).toThrow(/KLACHTFLOW_ENCRYPTION_KEYS is not set/);
});
