/**
 * POST /api/cases over HTTP against the real stack (web app, dev server with a worker, Postgres),
 * every response held to docs/openapi.yaml (test/support/openApi.ts).
 */
import type { Client } from '@temporalio/client';
import fc from 'fast-check';
import request from 'supertest';
import { getCase } from '../../src/db/cases';
import type { Sql } from '../../src/db/db';
import { CaseChannel } from '../../src/temporal/searchAttributes';
import { caseStateQuery } from '../../workflows';
import { devStack, type DevStack } from '../support/devStack';
import { requestErrors, responseErrors, validateDocument } from '../support/openApi';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'intake-api-test';
const API_KEY = 'test-api-key-0123456789abcdef';

let stack: DevStack;
let sql: Sql;
let client: Client;
let app: ReturnType<DevStack['app']>;

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  ({ sql, client } = stack);
  app = stack.app({ apiKey: API_KEY });
});

afterAll(() => stack?.stop());

const body = {
  caseType: 'feedback', name: 'Karin Smit', email: 'karin@example.nl', category: 'service',
  description: 'Jullie wachtmuziek is erg hard; misschien iets zachter?',
};
/** Every answer of the API as docs/openapi.yaml describes it. */
const conforms = (res: request.Response) => {
  expect({ status: res.status, errors: responseErrors('post', '/api/cases', res) }).toEqual({ status: res.status, errors: [] });
};
const post = (key: string | undefined, payload: unknown, auth = `Bearer ${API_KEY}`) => {
  let r = request(app).post('/api/cases').set('Authorization', auth).set('Content-Type', 'application/json');
  if (key) r = r.set('Idempotency-Key', key);
  return r.send(JSON.stringify(payload)).expect(conforms);
};
let keys = 0;
const freshKey = () => `contract-${Date.now()}-${keys++}`;

test('creates a case and its workflow; a retried call with the same key yields the same reference', async () => {
  const first = await post('crm-4711', body).expect(201);
  expect(first.body.reference).toMatch(/^FB-\d{4}-\d{6}$/);
  expect(first.body.statusUrl).toMatch(/^http:\/\/localhost:3000\/status\/[A-Za-z0-9_-]{32}$/);
  const again = await post('crm-4711', body).expect(200);
  expect(again.body).toEqual(first.body);
  await client.workflow.getHandle(first.body.reference).describe();
});

test('the same key with a different request is a conflict, not a second case', async () => {
  await post('crm-4712', body).expect(201);
  const res = await post('crm-4712', { ...body, description: 'Iets heel anders dan eerst.' }).expect(409);
  expect(res.headers['content-type']).toContain('application/problem+json');
});

test('a phone system registers a call without email, with the time of the call and who took it', async () => {
  const receivedAt = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString().replace('Z', '+00:00');
  const res = await post('tel-1', { ...body, caseType: 'complaint', email: '', channel: 'phone', receivedAt, registeredBy: 'piet@ccv.test' })
    .expect(201);
  const stored = await getCase(sql, res.body.reference);
  expect(stored).toMatchObject({ channel: 'phone', email: null, registeredBy: 'piet@ccv.test' });
  expect(stored!.receivedAt.toISOString()).toBe(new Date(receivedAt).toISOString());
  const handle = client.workflow.getHandle(res.body.reference);
  expect((await handle.describe()).typedSearchAttributes.get(CaseChannel)).toBe('phone');
  const state = await eventually(async () => {
    const s = await handle.query(caseStateQuery);
    return s.status === 'in-progress' ? s : undefined;
  }, 'the phone case in progress');
  // Not a staff account: the name stays in the case record and never reaches Temporal.
  expect(state.timeline[0]).toMatchObject({ event: 'received', actor: 'systeem' });
});

test('validation errors name the fields, in the requested language', async () => {
  const res = await post('bad-1', { caseType: 'complaint', language: 'en', email: 'nope' }).expect(422);
  expect(res.body.errors).toMatchObject({
    name: 'Enter your name.', email: 'Enter a valid email address, for example name@example.com.', category: 'Choose a subject.',
  });
  const web = await post('bad-2', { ...body, email: '' }).expect(422);
  expect(web.body.errors.email).toBe('Vul je e-mailadres in.');
  const future = await post('bad-3', { ...body, channel: 'phone', receivedAt: '2999-01-01T10:00:00+01:00' }).expect(422);
  expect(future.body.errors.receivedAt).toMatch(/not in the future/);
});

test('refuses calls without a valid key, without an idempotency key, or with a malformed body', async () => {
  await post('k-1', body, 'Bearer wrong-key-0123456789abcdef').expect(401);
  await post('k-2', body, '').expect(401);
  await post(undefined, body).expect(400);
  const malformed = await request(app).post('/api/cases').set('Authorization', `Bearer ${API_KEY}`)
    .set('Idempotency-Key', 'k-3').set('Content-Type', 'application/json').send('{"caseType":').expect(400);
  expect(malformed.body.title).toBe('The body is not valid JSON');
  const off = stack.app();
  await request(off).post('/api/cases').send(body).expect(503);
});

test('the key and the content type are checked before the body is read; other methods get 405', async () => {
  // A wrong key is a 401 whatever the body: malformed, or larger than the limit.
  const wrong = () => request(app).post('/api/cases').set('Authorization', 'Bearer wrong-key-0123456789abcdef')
    .set('Idempotency-Key', 'k-4').set('Content-Type', 'application/json');
  await wrong().send('{"caseType":').expect(401).expect(conforms);
  await wrong().send(`"${'x'.repeat(200_000)}"`).expect(401).expect(conforms);
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
    const res = await request(app).post('/api/cases').set('Authorization', `Bearer ${API_KEY}`).set('Idempotency-Key', 'k-5')
      .set('Content-Type', type).send('caseType=complaint').expect(415).expect(conforms);
    expect(res.body.title).toMatch(/must be JSON/);
  }
  for (const method of ['get', 'put', 'delete', 'patch'] as const) {
    const res = await request(app)[method]('/api/cases').expect(405);
    expect(res.headers.allow).toBe('POST');
    expect(res.headers['content-type']).toContain('application/problem+json');
  }
});

test('docs/openapi.yaml is a valid OpenAPI document', () => {
  expect(validateDocument()).toEqual({ valid: true });
});

test('the document and the server agree on what is a valid submission', async () => {
  const phone = { channel: 'phone', receivedAt: new Date(Date.now() - 3_600_000).toISOString() };
  const cases: [string, Record<string, unknown>, boolean][] = [
    ['a complete submission', body, true],
    ['an empty name', { ...body, name: '' }, false],
    ['a name of spaces', { ...body, name: '   ' }, false],
    ['a name on two lines', { ...body, name: 'Karin\nSmit' }, false],
    ['a web case without email', { caseType: 'complaint', name: 'Karin Smit', category: 'service', description: body.description }, false],
    ['a phone case without email', { caseType: 'complaint', name: 'Karin Smit', category: 'service', description: body.description, ...phone }, true],
    ['a phone case with an empty email', { ...body, email: '', ...phone }, true],
    ['a NUL in the description', { ...body, description: 'Wachtmuziek\u0000 is te hard.' }, false],
    ['an escape character in registeredBy', { ...body, ...phone, registeredBy: 'piet\u001b@ccv.test' }, false],
    ['a description of 9 characters', { ...body, description: '123456789' }, false],
    ['an unknown category', { ...body, category: 'weather' }, false],
  ];
  for (const [what, submission, valid] of cases) {
    const res = await post(freshKey(), submission);
    expect({ what, server: res.status < 300, document: requestErrors('post', '/api/cases', submission).length === 0 })
      .toEqual({ what, server: valid, document: valid });
  }
});

test('any input: never a 5xx, every answer as documented, and what the server takes the document allows', async () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('a', 'é', ' ', '\u0000', '\u0007', '\r', '\n', '\t', '\u202e', '\u200f', '\ud800', '\udc00', '😀', '.', '/', ':'), maxLength: 40 }),
    fc.constantFrom('Karin Smit', 'karin@example.nl', '06 12345678', 'Jullie wachtmuziek is erg hard; misschien iets zachter?', ''),
    fc.string({ unit: 'grapheme', minLength: 5001, maxLength: 5100 }),
  );
  const field = fc.constantFrom('name', 'email', 'phone', 'customerNumber', 'description', 'registeredBy', 'category', 'caseType', 'language');
  await fc.assert(fc.asyncProperty(field, text, fc.boolean(), async (name, value, viaPhone) => {
    const submission = { ...body, ...(viaPhone ? { channel: 'phone' } : {}), [name]: value };
    const res = await post(freshKey(), submission);
    expect(res.status).toBeLessThan(500);
    if (res.status === 201) expect(requestErrors('post', '/api/cases', submission)).toEqual([]);
    if (res.status === 201) {
      const stored = await getCase(sql, res.body.reference);
      for (const v of Object.values(stored!)) if (typeof v === 'string') expect(v.includes('\u0000')).toBe(false);
    }
  }), { numRuns: 60 });
});

test('the API has its own limit per address, answered as documented', async () => {
  const limitedApp = stack.app({ apiKey: API_KEY, rateLimits: { apiCalls: 3 } });
  const call = () => request(limitedApp).post('/api/cases').set('Authorization', 'Bearer wrong-key-0123456789abcdef')
    .set('Content-Type', 'application/json').send('{}');
  for (let i = 0; i < 3; i++) await call().expect(401);
  const res = await call().expect(429).expect(conforms);
  expect(res.body.title).toMatch(/Too many requests/);
});
