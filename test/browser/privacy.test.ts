/**
 * Personal data on the staff side, in Chromium: an agent sees the AVG panel (revoke the status
 * link; the emails show no link), an administrator erases a case on its own page and then sees
 * only that it was erased. Screenshots go to test-artifacts/.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';
import { createStaff } from '../../src/db/staff';
import { caseStateQuery, type caseWorkflow } from '../../workflows';
import { launchChromium, seeText, serve, shot, signInAt } from '../support/browser';
import { storeCase } from '../support/cases';
import { devStack, type DevStack } from '../support/devStack';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'privacy-browser-test';
const PASSWORD = 'correct horse battery staple';
const suffix = randomUUID().slice(0, 6);
const admin = `beheer.${suffix}@ccv.test`;
const agent = `behandelaar.${suffix}@ccv.test`;

let stack: DevStack;
let site: Awaited<ReturnType<typeof serve>>;
let browser: Browser;

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  site = await serve(stack);
  await createStaff(stack.sql, { email: admin, name: 'Bea Beheer', role: 'admin', password: PASSWORD });
  await createStaff(stack.sql, { email: agent, name: 'Anna Jansen', role: 'agent', password: PASSWORD });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await stack?.stop();
});

const signIn = (page: Page, email: string) => signInAt(page, site.baseUrl, email, PASSWORD);

test('an agent revokes a status link; an administrator erases the case', async () => {
  const record = await storeCase(stack.sql);
  await startCaseWorkflow({ sql: stack.sql, client: stack.client, taskQueue: TASK_QUEUE }, record);
  const handle = stack.client.workflow.getHandle<typeof caseWorkflow>(record.reference);
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'in-progress', 'the confirmation');

  const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  await signIn(page, agent);
  await page.goto(`${site.baseUrl}/admin/zaken/${record.reference}`);
  await page.locator('details.mail summary').first().click();
  await seeText(page, '[persoonlijke statuslink van de klant]');
  await shot(page, 'privacy-01-agent-case');
  await page.getByRole('button', { name: 'Statuslink intrekken en nieuwe sturen' }).click();
  await seeText(page, 'De oude statuslink werkt niet meer');
  await shot(page, 'privacy-02-link-reissued');

  const adminPage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(adminPage, admin);
  await adminPage.goto(`${site.baseUrl}/admin/zaken/${record.reference}`);
  await adminPage.getByRole('link', { name: 'Zaak wissen…' }).click();
  await seeText(adminPage, 'Dit kan niet ongedaan worden gemaakt.');
  await adminPage.getByLabel(/Reden/).fill('Verzoek van de klant per e-mail van 3 maart');
  await adminPage.getByLabel('Typ het zaaknummer ter bevestiging').fill(record.reference);
  await shot(adminPage, 'privacy-03-erase');
  await adminPage.getByRole('button', { name: 'Definitief wissen' }).click();
  await seeText(adminPage, 'Deze zaak is gewist op');
  await shot(adminPage, 'privacy-04-erased');
}, 120_000);

test('an administrator finds the retention periods under Instellingen, each with what it means', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, admin);
  await page.getByRole('link', { name: 'Instellingen' }).click();
  await seeText(page, 'Bewaartermijnen');
  const closed = page.getByLabel('Afgesloten zaken (dagen na afsluiting)');
  expect(await closed.inputValue()).toBe('730');
  expect(await closed.getAttribute('min')).toBe('30');
  await expect(page.getByRole('group', { name: 'Bewaartermijnen' }).getByRole('spinbutton').count()).resolves.toBe(5);
  await shot(page, 'privacy-05-retention-settings');
  await page.goto(`${site.baseUrl}/admin/instellingen?lang=en`);
  await seeText(page, 'Retention periods');
  await shot(page, 'privacy-06-retention-settings-en');
}, 60_000);
