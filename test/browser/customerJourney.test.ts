/**
 * The customer's side in a real browser (Debian's Chromium through playwright-core) against the
 * whole stack: the web app on a port, the Temporal dev server and a worker, embedded Postgres,
 * and a real SMTP server whose mail is parsed to find the personal link. Screenshots go to
 * test-artifacts/ for people to look at.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createActivities } from '../../activities';
import { createMailer } from '../../activities/email';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { loadConfig } from '../../src/config';
import type { Sql } from '../../src/db/db';
import { createApp } from '../../src/web/app';
import { caseStateQuery, requestInformationUpdate, resolveUpdate, type caseWorkflow } from '../../workflows';
import { TEST_STATUS_LINKS } from '../support/cases';
import { devServerAddress, testDatabase, workflowBundle } from '../support/env';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'browser-test';
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let sql: Sql;
let smtp: TestSmtpServer;
let connection: Connection;
let client: Client;
let nativeConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let server: Server;
let baseUrl: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  sql = testDatabase();
  smtp = await startSmtpServer();
  connection = await Connection.connect({ address: devServerAddress() });
  client = new Client({ connection });
  const config = { ...loadConfig({}), temporal: { ...loadConfig({}).temporal, taskQueue: TASK_QUEUE } };
  const app = createApp({ config, sql, client, statusTokenSecret: TEST_STATUS_LINKS.secret });
  server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  nativeConnection = await NativeConnection.connect({ address: devServerAddress() });
  worker = await Worker.create({
    connection: nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: await workflowBundle(),
    activities: createActivities({
      sql, calendar: async () => new WorkingDayCalendar(), mailer: createMailer(smtp.url), mailFrom: 'klachten@example.nl',
      statusLinks: { secret: TEST_STATUS_LINKS.secret, baseUrl },
    }),
  });
  running = worker.run();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // The closed network refuses Chromium's own connections: keep it from trying.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-quic'],
  });
});

afterAll(async () => {
  await browser?.close();
  worker?.shutdown();
  await running;
  await new Promise((resolve) => server?.close(resolve));
  await nativeConnection?.close();
  await connection?.close();
  await smtp?.close();
  await sql?.end();
});

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

test('a customer on a phone fills in the form, follows the link from the email, answers a question and objects to the outcome', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });

  // The form, first sent incomplete: the error summary links to the fields, input is kept.
  await page.goto(`${baseUrl}/`);
  await shot(page, '01-form');
  await page.getByLabel('Een klacht').check();
  await page.getByLabel('Naam').fill('Sanne de Wit');
  await page.getByLabel('E-mailadres').fill('sanne@');
  await page.getByRole('button', { name: 'Versturen' }).click();
  await expectText(page, 'Niet alle velden zijn goed ingevuld:');
  expect(await page.getByLabel('Naam').inputValue()).toBe('Sanne de Wit');
  await shot(page, '02-form-errors');

  await page.getByLabel('E-mailadres').fill('sanne.dewit@example.nl');
  await page.getByLabel('Onderwerp').selectOption('delivery');
  await page.getByLabel('Omschrijving').fill('De nieuwe terminal is na twee weken nog steeds niet geleverd.');
  await page.getByRole('button', { name: 'Versturen' }).click();
  await expectText(page, 'Bedankt, we hebben je bericht ontvangen');
  const reference = (await page.getByTestId('reference').textContent())!.trim();
  expect(reference).toMatch(/^KL-\d{4}-\d{6}$/);
  await shot(page, '03-received');

  // The confirmation email, as it arrived over SMTP: its link opens the personal page.
  const mail = await eventually(async () => smtp.received.find((m) => m.subject?.includes(reference)), 'the confirmation email');
  expect(mail.subject).toBe(`We hebben je klacht ontvangen (${reference})`);
  const link = /(http:\/\/127\.0\.0\.1:\d+\/status\/[A-Za-z0-9_-]{32})/.exec(mail.text ?? '')?.[1];
  expect(link).toBeDefined();
  await page.goto(link!);
  await expectText(page, 'In behandeling');
  await shot(page, '04-status');

  // A question from staff; the customer answers on the page.
  const handle = client.workflow.getHandle<typeof caseWorkflow>(reference);
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Welk adres hebben we voor de levering?', by: 'anna@ccv.test' }] });
  await page.reload();
  await expectText(page, 'Welk adres hebben we voor de levering?');
  await page.getByLabel('Je antwoord').fill('Stationsstraat 12, Utrecht.');
  await page.getByRole('button', { name: 'Antwoord versturen' }).click();
  await expectText(page, 'Bedankt, we hebben je reactie ontvangen.');
  await shot(page, '05-answered');

  // The outcome; the customer disagrees.
  await handle.executeUpdate(resolveUpdate, {
    args: [{ outcome: 'De levering liep vertraging op bij de vervoerder.', solution: 'We leveren morgen met spoed.', by: 'anna@ccv.test' }],
  });
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  await page.reload();
  await expectText(page, 'Ik ben het niet eens met de uitkomst');
  await shot(page, '06-outcome');
  await page.getByLabel('Waarom ben je het er niet mee eens?').fill('Ik wil een vergoeding voor de gemiste omzet.');
  await page.getByRole('button', { name: 'Bezwaar maken' }).click();
  await expectText(page, 'We hebben je bezwaar ontvangen');
  await expectText(page, 'Je bezwaar wordt beoordeeld');
  await shot(page, '07-objected');
  expect((await handle.query(caseStateQuery)).status).toBe('objected');
  await page.close();
  await handle.terminate('test done');
});

async function expectText(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: false }).first().waitFor({ timeout: 10_000 });
}
