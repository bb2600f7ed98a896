/**
 * The staff side in Debian's Chromium (playwright-core) against the whole stack: a handler
 * registers a phone complaint and works it to an outcome; the coordinator decides the
 * customer's objection. Screenshots go to test-artifacts/.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createActivities } from '../../activities';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { loadConfig } from '../../src/config';
import type { Sql } from '../../src/db/db';
import { createStaff } from '../../src/db/staff';
import { createApp } from '../../src/web/app';
import { caseStateQuery, objectionSignal, type caseWorkflow } from '../../workflows';
import { TEST_STATUS_LINKS } from '../support/cases';
import { devServerAddress, testDatabase, workflowBundle } from '../support/env';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'staff-browser-test';
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const PASSWORD = 'een lang en sterk wachtwoord';

let sql: Sql;
let connection: Connection;
let client: Client;
let nativeConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let server: Server;
let baseUrl: string;
let browser: Browser;
const handler = `anna.${randomUUID().slice(0, 6)}@ccv.test`;
const coordinator = `carla.${randomUUID().slice(0, 6)}@ccv.test`;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sql = testDatabase();
  connection = await Connection.connect({ address: devServerAddress() });
  client = new Client({ connection });
  const config = { ...loadConfig({}), temporal: { ...loadConfig({}).temporal, taskQueue: TASK_QUEUE } };
  const app = createApp({ config, sql, client, statusTokenSecret: TEST_STATUS_LINKS.secret });
  server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  nativeConnection = await NativeConnection.connect({ address: devServerAddress() });
  worker = await Worker.create({
    connection: nativeConnection, taskQueue: TASK_QUEUE, workflowBundle: await workflowBundle(),
    activities: createActivities({ sql, calendar: async () => new WorkingDayCalendar(), mailFrom: 'klachten@example.nl', statusLinks: { ...TEST_STATUS_LINKS, baseUrl } }),
  });
  running = worker.run();
  await createStaff(sql, { email: handler, name: 'Anna Jansen', role: 'agent', password: PASSWORD });
  await createStaff(sql, { email: coordinator, name: 'Carla de Groot', role: 'coordinator', password: PASSWORD });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
});

afterAll(async () => {
  await browser?.close();
  worker?.shutdown();
  await running;
  await new Promise((resolve) => server?.close(resolve));
  await nativeConnection?.close();
  await connection?.close();
  await sql?.end();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
const seeText = (page: Page, text: string) => page.getByText(text, { exact: false }).first().waitFor({ timeout: 10_000 });

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}

async function act(page: Page, action: string, fields: Record<string, string>): Promise<void> {
  await page.locator('summary', { hasText: action }).click();
  const form = page.locator('details[open] form');
  for (const [label, value] of Object.entries(fields)) await form.getByLabel(label).fill(value);
  await form.getByRole('button', { name: action }).click();
  await seeText(page, `Gelukt: ${action}.`);
}

test('a handler registers a phone complaint and works it to an outcome; the coordinator decides the objection', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, handler);
  await seeText(page, 'Anna Jansen');
  await shot(page, 'staff-01-inbox');

  await page.getByRole('link', { name: 'Telefonische melding' }).click();
  await page.getByLabel('Een klacht').check();
  await page.getByLabel('Naam').fill('Henk Visser');
  await page.getByLabel('E-mailadres').fill('henk.visser@example.nl');
  await page.getByLabel('Onderwerp').selectOption('billing');
  await page.getByLabel('Omschrijving').fill('Belde omdat hij twee keer is gefactureerd voor dezelfde maand.');
  await shot(page, 'staff-02-phone');
  await page.getByRole('button', { name: 'Registreren' }).click();
  await seeText(page, 'Henk Visser');
  const reference = (await page.locator('h1').textContent())!.trim().split(' ')[0]!;
  expect(reference).toMatch(/^KL-\d{4}-\d{6}$/);

  await page.getByRole('button', { name: 'Zelf behandelen' }).click();
  await seeText(page, 'Gelukt: Behandelaar toewijzen.');
  await act(page, 'Inhoudelijke reactie vastleggen', { Tekst: 'We zien de dubbele factuur en crediteren er één.' });
  await act(page, 'Uitkomst vastleggen', { Uitkomst: 'Je klacht is gegrond.', Oplossing: 'We crediteren de factuur van oktober.' });
  expect(await page.getByTestId('timeline').textContent()).toContain('Uitkomst verstuurd');
  await shot(page, 'staff-03-case-resolved');

  // The customer objects (on the status page, tested elsewhere); the coordinator takes it from the inbox.
  const handle = client.workflow.getHandle<typeof caseWorkflow>(reference);
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  await handle.signal(objectionSignal, { reason: 'Ik wil ook de incassokosten terug.' });
  await eventually(async () => (await handle.query(caseStateQuery)).objection?.reviewDue, 'the review deadline');

  const second = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(second, coordinator);
  await second.getByRole('link', { name: 'Mijn team' }).click();
  await seeText(second, `Beoordeel bezwaar bij ${reference}`);
  await shot(second, 'staff-04-coordinator-inbox');
  await second.getByRole('link', { name: reference }).first().click();
  await act(second, 'Beslissen op bezwaar', { Beslissing: 'We vergoeden ook de incassokosten.' });
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'closed', 'the closed case');
  await second.reload();
  await shot(second, 'staff-05-objection-decided');
  expect((await handle.query(caseStateQuery)).closure).toBe('objection-decided');
});
