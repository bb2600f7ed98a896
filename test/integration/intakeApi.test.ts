/** POST /api/cases over HTTP against the real stack (web app, dev server with a worker, Postgres). */
import type { Client } from '@temporalio/client';
import request from 'supertest';
import { getCase } from '../../src/db/cases';
import type { Sql } from '../../src/db/db';
import { CaseChannel } from '../../src/temporal/searchAttributes';
import { caseStateQuery } from '../../workflows';
import { devStack, type DevStack } from '../support/devStack';
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
const post = (key: string | undefined, payload: unknown, auth = `Bearer ${API_KEY}`) => {
  let r = request(app).post('/api/cases').set('Authorization', auth).set('Content-Type', 'application/json');
  if (key) r = r.set('Idempotency-Key', key);
  return r.send(JSON.stringify(payload));
};

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
  expect(state.timeline[0]).toMatchObject({ event: 'received', actor: 'piet@ccv.test' });
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
