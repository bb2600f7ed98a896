/**
 * Erasure on request (AVG art. 17) and the status link, over HTTP against the dev server: an
 * administrator erases an open case on its own page; afterwards no table holds anything of the
 * case's personal data or texts (every table of the schema searched as text), its workflow was
 * closed (withdrawn) and its history is gone from Temporal, and the audit log says who, when and
 * why. Staff revoke a status link: the old one stops working, the customer is emailed the new one,
 * and no table (the outbox included) holds a link in clear. `npm run erase` erases a closed case
 * the same way, as a process of its own.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import request from 'supertest';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';
import type { Sql } from '../../src/db/db';
import { createStaff } from '../../src/db/staff';
import { statusToken } from '../../src/domain/statusToken';
import { caseStateQuery, withdrawSignal, type caseWorkflow } from '../../workflows';
import { csrf, signInAs } from '../support/adminSession';
import { storeCase, TEST_STATUS_LINKS } from '../support/cases';
import { devStack, type DevStack } from '../support/devStack';
import { TEST_ENCRYPTION_KEYS } from '../support/env';
import { eventually } from '../support/timeSkipping';

/** Temporal deletes a history in the background: seconds here, longer on a busy machine. */
const HISTORY_DELETION_MS = 120_000;
const TASK_QUEUE = 'erasure-test';
const PASSWORD = 'correct horse battery staple';

let stack: DevStack;
let sql: Sql;
let client: Client;
let app: ReturnType<DevStack['app']>;
const suffix = randomUUID().slice(0, 8);
const admin = `admin.${suffix}@ccv.test`;
const agent = `agent.${suffix}@ccv.test`;

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  ({ sql, client } = stack);
  app = stack.app();
  await createStaff(sql, { email: admin, name: 'Test beheerder', role: 'admin', password: PASSWORD });
  await createStaff(sql, { email: agent, name: 'Test behandelaar', role: 'agent', password: PASSWORD });
});

afterAll(() => stack?.stop());

/** Every row of every table in the schema, as text, that contains `needle`. */
async function rowsContaining(needle: string): Promise<string[]> {
  const tables = await sql<{ table: string }[]>`
    SELECT table_name AS table FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const found: string[] = [];
  for (const { table } of tables) {
    const rows = await sql.unsafe(`SELECT t::text AS row FROM "${table}" t WHERE t::text ILIKE $1`, [`%${needle}%`]);
    for (const r of rows) found.push(`${table}: ${String(r.row).slice(0, 200)}`);
  }
  return found;
}

/** An open case with personal data and texts of its own (marked with `marker`) in every place they go. */
async function caseWithData(marker: string) {
  const record = await storeCase(sql, { email: `${marker.toLowerCase()}@example.nl` });
  await sql`UPDATE cases SET name = ${`Klant ${marker}`}, phone = '0612345678', customer_number = ${`KN-${marker}`},
    description = ${`Mijn terminal ${marker} is stuk.`} WHERE reference = ${record.reference}`;
  await startCaseWorkflow({ sql, client, taskQueue: TASK_QUEUE }, record);
  const handle = client.workflow.getHandle<typeof caseWorkflow>(record.reference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');
  await handle.executeUpdate('assignHandler', { args: [{ handler: agent, by: agent }] });
  await handle.executeUpdate('requestInformation', { args: [{ question: `Wat is het serienummer, ${marker}?`, by: agent }] });
  await handle.signal('customerReplied', { text: `Het serienummer is ${marker}-123.` });
  await handle.executeUpdate('addNote', { args: [{ text: `Klant ${marker} belde nog.`, by: agent }] });
  // A reason the read model also keeps in the case's state (cases.workflow_state).
  await handle.executeUpdate('markComplex', { args: [{ reason: `Leverancier van ${marker} kijkt mee.`, expectedDate: '2099-01-30', by: agent }] });
  await sql`INSERT INTO status_form_nonces (nonce, reference) VALUES (${`nonce-${marker}`}, ${record.reference})`;
  await sql`INSERT INTO audit_log (staff_email, action, reference, detail) VALUES (${agent}, 'case.addNote', ${record.reference}, ${sql.json({ refused: `over ${marker}` })})`;
  await eventually(async () => (await sql`SELECT 1 FROM case_events WHERE reference = ${record.reference} AND event = 'marked-complex'`).length === 1
    && (await sql`SELECT 1 FROM cases WHERE reference = ${record.reference} AND workflow_state->'complex'->>'reason' LIKE ${`%${marker}%`}`).length === 1
    && (await sql`SELECT 1 FROM outbox WHERE reference = ${record.reference} AND status = 'stored'`).length === 3, 'the read model');
  return { reference: record.reference, handle };
}

test('an administrator erases an open case: nothing of its data is left in any table, nor in Temporal', async () => {
  const marker = `Wis${suffix}`;
  const { reference, handle } = await caseWithData(marker);
  expect((await rowsContaining(marker)).length).toBeGreaterThan(5);

  // Only administrators may erase.
  const asAgent = await signInAs(app, agent, PASSWORD);
  await asAgent.get(`/admin/zaken/${reference}/wissen`).expect(403);
  expect((await asAgent.get(`/admin/zaken/${reference}`)).text).not.toContain('/wissen');

  const asAdmin = await signInAs(app, admin, PASSWORD);
  expect((await asAdmin.get(`/admin/zaken/${reference}`).expect(200)).text).toContain(`/admin/zaken/${reference}/wissen`);
  const form = await asAdmin.get(`/admin/zaken/${reference}/wissen`).expect(200);
  // Without the reference typed to confirm: refused, nothing erased.
  const wrong = await asAdmin.post(`/admin/zaken/${reference}/wissen`).type('form')
    .send({ _csrf: csrf(form.text), reason: 'Verzoek van de klant per e-mail', confirm: 'KL-0000-000000' }).expect(422);
  expect(wrong.text).toContain('ter bevestiging');
  expect((await rowsContaining(marker)).length).toBeGreaterThan(5);

  await asAdmin.post(`/admin/zaken/${reference}/wissen`).type('form')
    .send({ _csrf: csrf(wrong.text), reason: 'Verzoek van de klant per e-mail van 3 maart', confirm: reference.toLowerCase() })
    .expect(303).expect('location', `/admin/zaken/${reference}`);

  expect(await rowsContaining(marker)).toEqual([]);
  expect(await rowsContaining('0612345678')).toEqual([]);
  const [c] = await sql`SELECT status, closure, anonymised_reason, status_token_hash FROM cases WHERE reference = ${reference}`;
  // Closed by the withdrawal (the workflow ran to its end), not left open in the figures.
  expect(c).toEqual({ status: 'closed', closure: 'withdrawn', anonymised_reason: 'erasure', status_token_hash: null });
  expect(await sql`SELECT status FROM tasks WHERE reference = ${reference} AND status = 'open'`).toEqual([]);
  const audit = await sql`SELECT staff_email, action, detail FROM audit_log WHERE reference = ${reference} AND action = 'case.erase'`;
  expect(audit).toEqual([{ staff_email: admin, action: 'case.erase', detail: { reason: 'Verzoek van de klant per e-mail van 3 maart' } }]);
  await eventually(async () => {
    try {
      await handle.describe();
      return false;
    } catch (err) {
      return err instanceof WorkflowNotFoundError;
    }
  }, 'the workflow history deleted', HISTORY_DELETION_MS);

  const page = await asAdmin.get(`/admin/zaken/${reference}`).expect(200);
  expect(page.text).toContain('Deze zaak is gewist op');
  expect(page.text).not.toContain(`/admin/zaken/${reference}/wissen`);
  await asAdmin.get(`/admin/zaken/${reference}/wissen`).expect(404);
}, 4 * 60_000);

test('staff revoke a status link: the old one stops working, the customer is emailed a new one, stored nowhere in clear', async () => {
  const marker = `Link${suffix}`;
  const { reference } = await caseWithData(marker);
  const oldPath = `/status/${statusToken(TEST_STATUS_LINKS.secret, reference)}`;
  await request(app).get(oldPath).expect(200);
  // Neither the outbox nor any other table holds the link.
  expect(await rowsContaining(statusToken(TEST_STATUS_LINKS.secret, reference))).toEqual([]);

  const asAgent = await signInAs(app, agent, PASSWORD);
  const casePage = await asAgent.get(`/admin/zaken/${reference}`).expect(200);
  expect(casePage.text).toContain('[persoonlijke statuslink van de klant]');
  expect(casePage.text).not.toContain(oldPath);
  await asAgent.post(`/admin/zaken/${reference}/statuslink`).type('form').send({ _csrf: csrf(casePage.text) }).expect(200);

  await request(app).get(oldPath).expect(404);
  const newToken = statusToken(TEST_STATUS_LINKS.secret, reference, 1);
  await request(app).get(`/status/${newToken}`).expect(200);
  await eventually(async () => (await sql`SELECT 1 FROM outbox WHERE reference = ${reference} AND event_key = 'status-link-1'`).length === 1, 'the email');
  const [mail] = await sql`SELECT text_body FROM outbox WHERE reference = ${reference} AND event_key = 'status-link-1'`;
  expect(mail!.text_body).toContain('De oude link werkt niet meer');
  expect(await rowsContaining(newToken)).toEqual([]);
  expect(await sql`SELECT action, detail FROM audit_log WHERE reference = ${reference} AND action = 'case.reissueStatusLink'`)
    .toEqual([{ action: 'case.reissueStatusLink', detail: { version: 1 } }]);
});

const ROOT = path.join(__dirname, '..', '..');

/** `npm run erase -- <args>` as an administrator runs it: a process of its own against the run's database and dev server. */
function eraseCli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'erase.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: process.env.KF_TEST_DATABASE_URL, TEMPORAL_ADDRESS: process.env.KF_TEST_TEMPORAL_ADDRESS,
      TEMPORAL_NAMESPACE: 'default', KLACHTFLOW_ENCRYPTION_KEYS: TEST_ENCRYPTION_KEYS },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('npm run erase erases a closed case: anonymised, audited with who and why, its history gone; bad input is exit 2', async () => {
  const marker = `Cli${suffix}`;
  const record = await storeCase(sql, { email: `${marker.toLowerCase()}@example.nl` });
  await sql`UPDATE cases SET name = ${`Klant ${marker}`}, description = ${`Mijn pas ${marker} werkt niet.`} WHERE reference = ${record.reference}`;
  await startCaseWorkflow({ sql, client, taskQueue: TASK_QUEUE }, record);
  const handle = client.workflow.getHandle<typeof caseWorkflow>(record.reference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');
  await handle.signal(withdrawSignal, {});
  await handle.result();
  await eventually(async () => (await sql`SELECT 1 FROM cases WHERE reference = ${record.reference} AND status = 'closed'`).length === 1, 'the read model');
  expect((await rowsContaining(marker)).length).toBeGreaterThan(0);

  // Bad input: exit 2 with the reason (and the usage for bad arguments), nothing touched.
  const [badReference, noReason, unknown] = await Promise.all([
    eraseCli(['KL-26-42', '--reason', 'Verzoek van de klant']),
    eraseCli([record.reference]),
    eraseCli(['KL-1999-999999', '--reason', 'Verzoek van de klant']),
  ]);
  expect(badReference).toMatchObject({ status: 2, stdout: '' });
  expect(badReference.stderr).toContain('Geef één zaaknummer, zoals KL-2026-000042.');
  expect(badReference.stderr).toContain('npm run erase -- <reference> --reason');
  expect(noReason).toMatchObject({ status: 2, stdout: '' });
  expect(noReason.stderr).toContain('Geef de reden met --reason.');
  expect(unknown).toMatchObject({ status: 2, stdout: '', stderr: 'Zaak KL-1999-999999 bestaat niet.\n' });
  expect((await rowsContaining(marker)).length).toBeGreaterThan(0);

  const run = await eraseCli([record.reference, '--reason', 'Verzoek van de klant per brief van 3 maart', '--by', admin]);
  expect(run).toEqual({ status: 0, stderr: '', stdout: `${record.reference}: gewist (workflow: closed; 1 workflowgeschiedenis(sen) verwijderd)\n` });
  expect(await rowsContaining(marker)).toEqual([]);
  const [c] = await sql`SELECT status, closure, anonymised_reason FROM cases WHERE reference = ${record.reference}`;
  expect(c).toEqual({ status: 'closed', closure: 'withdrawn', anonymised_reason: 'erasure' });
  expect(await sql`SELECT staff_email, detail FROM audit_log WHERE reference = ${record.reference} AND action = 'case.erase'`)
    .toEqual([{ staff_email: admin, detail: { reason: 'Verzoek van de klant per brief van 3 maart' } }]);
  // Temporal deletes a history asynchronously (some seconds on the dev server); meanwhile a second
  // erasure is refused and not audited again.
  const [again] = await Promise.all([
    eraseCli([record.reference, '--reason', 'Nog een keer']),
    eventually(() => handle.describe().then(() => false, (err: unknown) => err instanceof WorkflowNotFoundError), 'the workflow history deleted', HISTORY_DELETION_MS),
  ]);
  expect(again).toMatchObject({ status: 2, stderr: `Zaak ${record.reference} is al gewist.\n` });
  expect(await sql`SELECT 1 FROM audit_log WHERE reference = ${record.reference} AND action = 'case.erase'`).toHaveLength(1);
}, 4 * 60_000);
