/**
 * The customer's side in a real browser (Debian's Chromium through playwright-core) against the
 * whole stack: the web app on a port, the Temporal dev server and a worker, embedded Postgres,
 * and a real SMTP server whose mail is parsed to find the personal link. Screenshots go to
 * test-artifacts/ for people to look at.
 */
import type { Browser } from 'playwright-core';
import { createMailer } from '../../activities/email';
import { caseStateQuery, requestInformationUpdate, resolveUpdate, type caseWorkflow } from '../../workflows';
import { pdf, png } from '../support/attachmentFiles';
import { launchChromium, seeText, serve, shot } from '../support/browser';
import { readModelCaughtUp } from '../support/cases';
import { devStack, type DevStack } from '../support/devStack';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'browser-test';

let smtp: TestSmtpServer;
let stack: DevStack;
let site: Awaited<ReturnType<typeof serve>>;
let baseUrl: string;
let browser: Browser;
let client: DevStack['client'];

beforeAll(async () => {
  smtp = await startSmtpServer();
  stack = await devStack(TASK_QUEUE, { mailer: createMailer(smtp.url) });
  client = stack.client;
  site = await serve(stack);
  baseUrl = site.baseUrl;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await stack?.stop();
  await smtp?.close();
});

test('a customer on a phone fills in the form, follows the link from the email, answers a question and objects to the outcome', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });

  // The form, first sent incomplete: the error summary links to the fields, input is kept.
  await page.goto(`${baseUrl}/`);
  await shot(page, '01-form');
  await page.getByLabel('Een klacht').check();
  // A web address in the name is refused: the form relays no links in the company's name.
  await page.getByLabel('Naam').fill('Sanne de Wit, zie www.winactie.nl');
  await page.getByLabel('E-mailadres').fill('sanne@');
  await page.getByRole('button', { name: 'Versturen' }).click();
  await expectText(page, 'Niet alle velden zijn goed ingevuld:');
  await expectText(page, 'Vul alleen je naam in, zonder webadres.');
  expect(await page.getByLabel('Naam').inputValue()).toBe('Sanne de Wit, zie www.winactie.nl');
  await shot(page, '02-form-errors');

  await page.getByLabel('Naam').fill('Sanne de Wit');
  await page.getByLabel('E-mailadres').fill('sanne.dewit@example.nl');
  await page.getByLabel('Onderwerp').selectOption('delivery');
  await page.getByLabel('Omschrijving').fill('De nieuwe terminal is na twee weken nog steeds niet geleverd.');
  // A photo and a PDF with the complaint: checked by their content, kept beside the case.
  await page.getByLabel("Foto's of documenten").setInputFiles([
    { name: 'pakbon.pdf', mimeType: 'application/pdf', buffer: pdf('Pakbon 4711') },
    { name: 'lege-doos.png', mimeType: 'image/png', buffer: png(40, 30) },
  ]);
  await shot(page, '02b-form-attachments');
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
  // The customer's own files, to download.
  await expectText(page, 'lege-doos.png');
  await expectText(page, 'pakbon.pdf');
  await shot(page, '04-status');

  // A question from staff; the customer answers on the page.
  const handle = client.workflow.getHandle<typeof caseWorkflow>(reference);
  await handle.executeUpdate(requestInformationUpdate, { args: [{ question: 'Welk adres hebben we voor de levering?', by: 'anna@ccv.test' }] });
  await readModelCaughtUp(stack.sql, handle);
  await page.reload();
  await expectText(page, 'Welk adres hebben we voor de levering?');
  await page.getByLabel('Je antwoord').fill('Stationsstraat 12, Utrecht.');
  await page.getByRole('button', { name: 'Antwoord versturen' }).click();
  await expectText(page, 'Bedankt, we hebben je reactie ontvangen.');
  await shot(page, '05-answered');

  // The outcome; the customer disagrees.
  await handle.executeUpdate(resolveUpdate, {
    args: [{ outcome: 'De levering liep vertraging op bij de vervoerder.', solution: 'We leveren morgen met spoed.', by: 'anna@ccv.test',
      justified: 'justified', rootCause: 'product' }],
  });
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  await readModelCaughtUp(stack.sql, handle);
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

const expectText = seeText;
