/**
 * Fault runs on bad input, against the real stack (web app, dev server with a worker, Postgres):
 *
 * - NUL (U+0000, which Postgres refuses) on every path where text enters: the public form, the
 *   API, the status page (reply, objection, withdrawal, satisfaction comment), the phone screen,
 *   every staff action, and a signal sent straight to the workflow. Each is refused up front
 *   with a field message; the figures per path are printed.
 * - A step that the database refuses for good (a real constraint, added for the test): the
 *   workflow records it on the case with a task for the coordinator instead of retrying forever,
 *   and the case goes on to its end.
 * - fast-check strings (every control character, unpaired surrogates, bidi marks, long strings)
 *   through each public endpoint and each staff action.
 *
 * After all of it: 0 responses 5xx, 0 cases stored without a workflow, 0 workflows with an
 * activity still retrying, and every timeline entry of every workflow in the read model.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import fc from 'fast-check';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';
import type { Sql } from '../../src/db/db';
import { createStaff } from '../../src/db/staff';
import { listOutbox } from '../../src/db/outbox';
import { listTasks } from '../../src/db/tasks';
import { statusToken } from '../../src/domain/statusToken';
import { CASE_ACTIONS } from '../../src/web/admin/caseActions';
import { languageSwitchUrl } from '../../src/web/app';
import { addNoteUpdate, caseStateQuery, customerRepliedSignal, requestInformationUpdate, resolveUpdate, withdrawSignal, type caseWorkflow } from '../../workflows';
import { csrf, signInAs } from '../support/adminSession';
import { storeCase, TEST_STATUS_LINKS } from '../support/cases';
import { recordHistory } from '../support/caseScenario';
import { devStack, type DevStack } from '../support/devStack';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'input-faults-test';
const API_KEY = 'input-faults-api-key-0123456789';
const PASSWORD = 'correct horse battery staple';
const NUL = 'voor\u0000na, een tekst met een NUL erin';

let stack: DevStack;
let sql: Sql;
let client: Client;
let app: ReturnType<DevStack['app']>;
let coordinator: TestAgent;
const references: string[] = [];
/** Every response of the run: path and status, for the figures and the 5xx check. */
const answers: { path: string; status: number }[] = [];

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  ({ sql, client } = stack);
  app = stack.app({ apiKey: API_KEY, rateLimits: { submissions: 10_000, statusActions: 10_000, statusViews: 10_000 } });
  const email = `coordinator.${randomUUID().slice(0, 6)}@ccv.test`;
  await createStaff(sql, { email, name: 'Test coordinator', role: 'coordinator', password: PASSWORD });
  coordinator = await signInAs(app, email, PASSWORD);
});

afterAll(async () => {
  const byPath = new Map<string, Map<number, number>>();
  for (const a of answers) {
    const statuses = byPath.get(a.path) ?? new Map<number, number>();
    statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    byPath.set(a.path, statuses);
  }
  // The fault run's figures, as the issue asks: responses per path and status.
  process.stdout.write(`\nInput fault run: ${answers.length} requests, ${answers.filter((a) => a.status >= 500).length} answered 5xx\n${
    [...byPath].map(([p, statuses]) => `  ${p.padEnd(44)} ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join('  ')}`).join('\n')}\n`);
  await stack?.stop();
});

function record(path: string) {
  return (res: request.Response) => {
    answers.push({ path, status: res.status });
  };
}

async function openCase() {
  const stored = await storeCase(sql);
  references.push(stored.reference);
  await startCaseWorkflow({ sql, client, taskQueue: TASK_QUEUE }, stored);
  const handle = client.workflow.getHandle<typeof caseWorkflow>(stored.reference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');
  return { reference: stored.reference, handle, statusPath: `/status/${statusToken(TEST_STATUS_LINKS.secret, stored.reference)}` };
}

/** The public form, filled in, with `override` in one of its fields. */
async function postForm(override: Record<string, string>) {
  const agent = request.agent(app);
  const page = await agent.get('/');
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(page.text)![1]!;
  return agent.post('/').type('form').send({
    _csrf: hidden('_csrf'), submissionId: hidden('submissionId'), lang: 'nl',
    caseType: 'complaint', name: 'Pieter Jansen', email: 'pieter@example.nl', category: 'billing',
    description: 'De factuur van oktober is twee keer afgeschreven.', ...override,
  }).expect(record('POST / (form)')).expect((res) => {
    const made = /\/ontvangen\/((KL|FB)-\d{4}-\d{6})/.exec(String(res.headers.location ?? ''));
    if (made) references.push(made[1]!);
  });
}

function postApi(override: Record<string, unknown>) {
  return request(app).post('/api/cases').set('Authorization', `Bearer ${API_KEY}`).set('Idempotency-Key', randomUUID())
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({
      caseType: 'feedback', name: 'Karin Smit', email: 'karin@example.nl', category: 'service',
      description: 'Jullie wachtmuziek is erg hard; misschien iets zachter?', ...override,
    }))
    .expect(record('POST /api/cases'))
    .expect((res) => {
      if (res.status === 201) references.push(res.body.reference as string);
    });
}

async function statusAction(statusPath: string, action: string, text: string) {
  const agent = request.agent(app);
  const page = await agent.get(statusPath);
  // The customer ticked "I understand" where an action asks it (accept, withdraw): the test is about the text.
  return agent.post(`${statusPath}/${action}`).type('form').send({ _csrf: csrf(page.text), text, nonce: randomUUID(), confirm: 'yes' })
    .expect(record(`POST /status/:token/${action}`));
}

async function staffAction(reference: string, action: string, body: Record<string, string>) {
  const page = await coordinator.get(`/admin/zaken/${reference}`);
  return coordinator.post(`/admin/zaken/${reference}/actie/${action}`).type('form').send({ _csrf: csrf(page.text), ...body })
    .expect(record(`POST /admin/zaken/:ref/actie/${action}`));
}

/** Every UTF-8 byte of the text percent-encoded (encodeURIComponent refuses unpaired surrogates). */
const percentEncoded = (text: string) => [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

describe('NUL on every path', () => {
  test('the public form and the API refuse it with a field message; nothing is stored', async () => {
    for (const field of ['name', 'description', 'customerNumber', 'phone']) {
      const res = await postForm({ [field]: NUL });
      expect(res.status).toBe(422);
      expect(res.text).toContain('id="error-summary"');
    }
    for (const field of ['name', 'description', 'customerNumber', 'phone', 'registeredBy']) {
      const res = await postApi({ [field]: NUL, ...(field === 'registeredBy' ? { channel: 'phone' } : {}) });
      expect(res.status).toBe(422);
      expect(Object.keys(res.body.errors)).toEqual([field]);
    }
    expect(references).toEqual([]);
  });

  test('the status page refuses it in a reply, an objection, a withdrawal and a satisfaction comment', async () => {
    const { reference, handle, statusPath } = await openCase();
    await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Welk factuurnummer?', by: 'agent@ccv.test' }] });
    const reply = await statusAction(statusPath, 'reply', NUL);
    expect(reply.status).toBe(422);
    expect(reply.text).toContain('onzichtbaar teken');
    const withdraw = await statusAction(statusPath, 'withdraw', NUL);
    expect(withdraw.status).toBe(422);
    await handle.executeUpdate(resolveUpdate, { args: [{ outcome: 'Terugbetaald.', solution: 'Dubbele afschrijving teruggeboekt.', justified: 'justified', rootCause: 'billing', by: 'agent@ccv.test' }] });
    const object = await statusAction(statusPath, 'object', NUL);
    expect(object.status).toBe(422);
    const accepted = await statusAction(statusPath, 'accept', '');
    expect(accepted.status).toBe(303);
    await eventually(async () => (await sql`SELECT status FROM cases WHERE reference = ${reference}`)[0]!.status === 'closed' || undefined, 'the closure');
    const agent = request.agent(app);
    const page = await agent.get(statusPath);
    const rate = await agent.post(`${statusPath}/rate`).type('form').send({ _csrf: csrf(page.text), score: '4', comment: NUL })
      .expect(record('POST /status/:token/rate'));
    expect(rate.status).toBe(422);
    expect(rate.text).toContain('onzichtbaar of ongeldig teken');
  });

  test('every staff action with a text refuses it, with the reason on the case page', async () => {
    const { reference } = await openCase();
    const texts = CASE_ACTIONS.filter((a) => a.fields.some((f) => f.kind === 'textarea'));
    expect(texts.length).toBeGreaterThanOrEqual(8);
    for (const action of texts) {
      const body = Object.fromEntries(action.fields.map((f) => [f.name, f.kind === 'textarea' ? NUL : f.kind === 'date' ? '2999-12-31' : f.kind === 'justified' ? 'justified' : f.kind === 'rootCause' ? 'billing' : '']));
      const res = await staffAction(reference, action.name, body);
      // Refused: for the characters, or first because the action does not fit the state.
      expect([action.name, res.status]).toEqual([action.name, 422]);
    }
    // In a state where each fits, the characters are the reason.
    const note = await staffAction(reference, 'addNote', { text: NUL });
    expect(note.text).toContain('onzichtbaar stuurteken');
    const question = await staffAction(reference, 'requestInformation', { question: NUL });
    expect(question.text).toContain('onzichtbaar stuurteken');
  });

  test('the phone screen and the case-list search answer with a message, never a 500', async () => {
    const page = await coordinator.get('/admin/telefoon');
    const phone = await coordinator.post('/admin/telefoon').type('form').send({
      _csrf: csrf(page.text), caseType: 'complaint', name: NUL, email: '', category: 'billing', description: NUL,
      receivedAt: new Date(Date.now() - 3_600_000).toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).replace(' ', 'T').slice(0, 16),
      submissionId: `${randomUUID()}\u0000`,
    }).expect(record('POST /admin/telefoon'));
    expect(phone.status).toBe(422);
    const search = await coordinator.get(`/admin/zaken?q=${encodeURIComponent(NUL)}&handler=%00`).expect(record('GET /admin/zaken'));
    expect(search.status).toBe(200);
    // Bytes that are no UTF-8 at all, and a LIKE wildcard that must match itself only.
    expect((await coordinator.get('/admin/zaken?q=%FF%FE%00%ED%A0%80').expect(record('GET /admin/zaken'))).status).toBe(200);
    const percent = await coordinator.get('/admin/zaken?q=KL-%25').expect(record('GET /admin/zaken'));
    expect(percent.text).toContain('Geen zaken gevonden.');
  });

  test('a signal sent straight to the workflow with a NUL is refused by the workflow\'s own rules', async () => {
    const { reference, handle } = await openCase();
    await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Welk factuurnummer?', by: 'agent@ccv.test' }] });
    await handle.signal(customerRepliedSignal, { text: NUL });
    await handle.signal(withdrawSignal, {});
    const state = await eventually(async () => {
      const s = await handle.query(caseStateQuery);
      return s.status === 'closed' ? s : undefined;
    }, 'the withdrawal');
    expect(state.timeline.map((e) => e.event)).not.toContain('customer-replied');
    await handle.result();
    await recordHistory(handle, 'signal-with-nul-refused');
    expect((await sql`SELECT status FROM cases WHERE reference = ${reference}`)[0]!.status).toBe('closed');
  });
});

test('a path no URL parser takes gets the 404 page; the language link never points to another site', async () => {
  for (const path of ['//[', '//evil.example/x', '/%ZZ', '/\\evil.example']) {
    const res = await request(app).get(path).expect(record('GET (odd paths)'));
    expect([path, res.status]).toEqual([path, 404]);
    expect(res.text).not.toMatch(/href="\/\/|href="\/\\/);
  }
  expect(languageSwitchUrl('//evil.example/x?a=1', 'en')).toBe('/evil.example/x?a=1&lang=en');
  expect(languageSwitchUrl('/status/abc?lang=nl&done=reply', 'en')).toBe('/status/abc?lang=en&done=reply');
});

test('a step the database refuses for good is recorded on the case with a task, and the case goes on to its end', async () => {
  const { reference, handle } = await openCase();
  const probe = `FAULT-PROBE-${randomUUID()}`;
  const constraint = `fault_probe_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  // A real constraint violation (SQLSTATE 23514) for exactly this note: deterministic, as a NUL was.
  await sql.unsafe(`ALTER TABLE case_events ADD CONSTRAINT ${constraint} CHECK (body IS NULL OR position('${probe}' IN body) = 0) NOT VALID`);
  try {
    await handle.executeUpdate(addNoteUpdate, { args: [{ text: `Notitie ${probe}`, by: 'agent@ccv.test' }] });
    const failed = await eventually(async () => {
      const rows = await sql`SELECT detail FROM case_events WHERE reference = ${reference} AND event = 'step-failed'`;
      return rows.length ? rows : undefined;
    }, 'the failure on the timeline', 60_000);
    expect(failed[0]!.detail).toMatchObject({ step: 'projectCase', event: 'note', error: 'InvalidData' });
    const task = await eventually(async () => (await listTasks(sql, reference)).find((t) => t.kind === 'step-failed'), 'the task');
    expect(task).toMatchObject({ role: 'coordinator', status: 'open' });
    expect(task.title).toContain(`Verwerking mislukt bij ${reference}`);
  } finally {
    await sql.unsafe(`ALTER TABLE case_events DROP CONSTRAINT ${constraint}`);
  }
  const described = await handle.describe();
  expect(described.raw.pendingActivities ?? []).toHaveLength(0);
  await handle.signal(withdrawSignal, {});
  await handle.result();
  await recordHistory(handle, 'step-failed-for-good');
  expect((await sql`SELECT status FROM cases WHERE reference = ${reference}`)[0]!.status).toBe('closed');
  // Not a retry loop: the history stays short.
  const history = await handle.fetchHistory();
  expect(history.events!.length).toBeLessThan(80);
});

test('a receipt the database refuses for good still makes its triage task; the failure is on the case with a task, and the case goes on', async () => {
  const stored = await storeCase(sql);
  references.push(stored.reference);
  const constraint = `fault_probe_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  // A real constraint violation for this case's first entry only: its read model cannot be written.
  await sql.unsafe(`ALTER TABLE case_events ADD CONSTRAINT ${constraint} CHECK (reference <> '${stored.reference}' OR event <> 'received') NOT VALID`);
  try {
    await startCaseWorkflow({ sql, client, taskQueue: TASK_QUEUE }, stored);
    const handle = client.workflow.getHandle<typeof caseWorkflow>(stored.reference);
    await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');
    const tasks = await eventually(async () => {
      const found = await listTasks(sql, stored.reference);
      return found.length >= 2 ? found : undefined;
    }, 'the tasks');
    // Someone picks the case up all the same; a coordinator hears what went wrong.
    expect(tasks.map((t) => [t.kind, t.role]).sort()).toEqual([['step-failed', 'coordinator'], ['triage', 'agent']]);
    const failed = await sql`SELECT detail FROM case_events WHERE reference = ${stored.reference} AND event = 'step-failed'`;
    expect(failed[0]!.detail).toMatchObject({ step: 'recordReceipt', event: 'received', error: 'InvalidData' });
    expect((await listOutbox(sql, stored.reference)).map((m) => m.template)).toEqual(['acknowledgement']);
  } finally {
    await sql.unsafe(`ALTER TABLE case_events DROP CONSTRAINT ${constraint}`);
  }
});

test('any string through each public endpoint and each staff action: never a 5xx', async () => {
  const { reference, statusPath } = await openCase();
  const hostile = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('a', ' ', '\u0000', '\u0001', '\u001b', '\u007f', '\r', '\n', '\t', '\u202e', '\u200f', '\ud800', '\udfff', '😀', '%', '_', '<', '&'), minLength: 1, maxLength: 40 }),
    fc.string({ unit: 'grapheme', minLength: 5000, maxLength: 10_500 }),
  );
  const target = fc.constantFrom('form', 'api', 'reply', 'withdraw', 'addNote', 'requestInformation', 'markComplex', 'search');
  await fc.assert(fc.asyncProperty(target, hostile, async (where, text) => {
    let res: request.Response;
    switch (where) {
      case 'form': res = await postForm({ description: text, name: text.slice(0, 300) }); break;
      case 'api': res = await postApi({ description: text, name: text.slice(0, 300) }); break;
      case 'reply': res = await statusAction(statusPath, 'reply', text); break;
      case 'withdraw': res = await statusAction(statusPath, 'withdraw', `${text}\u0000`); break; // never actually withdraws
      case 'search': res = await coordinator.get(`/admin/zaken?q=${percentEncoded(text.slice(0, 300))}`).expect(record('GET /admin/zaken')); break;
      case 'markComplex': res = await staffAction(reference, where, { reason: text, expectedDate: '2999-12-31' }); break;
      case 'requestInformation': res = await staffAction(reference, where, { question: text }); break;
      default: res = await staffAction(reference, where, { text });
    }
    expect(res.status).toBeLessThan(500);
  }), { numRuns: 40 });
}, 300_000);

test('at the end: no 5xx, no case without a workflow, no activity retrying, every entry in the read model', async () => {
  expect(answers.filter((a) => a.status >= 500)).toEqual([]);
  expect(references.length).toBeGreaterThan(3);
  // A case is marked as started just after its answer (src/cases/submitCase.ts).
  await eventually(async () => (await sql`SELECT reference FROM cases WHERE workflow_started_at IS NULL AND reference = ANY(${references})`).length === 0,
    'every case marked as started');
  for (const reference of references) {
    const handle = client.workflow.getHandle<typeof caseWorkflow>(reference);
    const described = await handle.describe();
    expect({ reference, pending: described.raw.pendingActivities ?? [] }).toEqual({ reference, pending: [] });
    const state = await eventually(async () => {
      const s = await handle.query(caseStateQuery);
      const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM case_events WHERE reference = ${reference}` as unknown as [{ n: number }];
      // Every entry is in the read model, or the failure to store it is (a step that failed for good).
      const unstored = s.timeline.filter((e) => e.event === 'step-failed' && ['projectCase', 'recordReceipt'].includes(String(e.detail?.step))).length;
      return n + unstored === s.timeline.length ? s : undefined;
    }, `the read model of ${reference} in step`, 30_000);
    expect(state.timeline.length).toBeGreaterThan(0);
  }
});
