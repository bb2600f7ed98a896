/**
 * The staff side in Debian's Chromium (playwright-core) against the whole stack: a handler
 * registers a phone complaint and works it to an outcome; the coordinator decides the
 * customer's objection. Screenshots go to test-artifacts/.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { createStaff } from '../../src/db/staff';
import { createTask, listTasks } from '../../src/db/tasks';
import { caseStateQuery, objectionSignal, type caseWorkflow } from '../../workflows';
import { launchChromium, seeText, serve, shot, signInAt } from '../support/browser';
import { readModelCaughtUp, storeCase } from '../support/cases';
import { devStack, type DevStack } from '../support/devStack';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'staff-browser-test';
const PASSWORD = 'een lang en sterk wachtwoord';

let stack: DevStack;
let site: Awaited<ReturnType<typeof serve>>;
let baseUrl: string;
let browser: Browser;
let client: DevStack['client'];
const handler = `anna.${randomUUID().slice(0, 6)}@ccv.test`;
const coordinator = `carla.${randomUUID().slice(0, 6)}@ccv.test`;
const colleague = `bram.${randomUUID().slice(0, 6)}@ccv.test`;

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  client = stack.client;
  site = await serve(stack);
  baseUrl = site.baseUrl;
  await createStaff(stack.sql, { email: handler, name: 'Anna Jansen', role: 'agent', password: PASSWORD });
  await createStaff(stack.sql, { email: coordinator, name: 'Carla de Groot', role: 'coordinator', password: PASSWORD });
  await createStaff(stack.sql, { email: colleague, name: 'Bram Smit', role: 'agent', password: PASSWORD });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await stack?.stop();
});

const signIn = (page: Page, email: string) => signInAt(page, baseUrl, email, PASSWORD);

async function act(page: Page, action: string, fields: Record<string, string>): Promise<void> {
  await page.locator('summary', { hasText: action }).click();
  const form = page.locator('details[open] form');
  for (const [label, value] of Object.entries(fields)) {
    const field = form.getByLabel(label, { exact: true });
    if (await field.evaluate((e) => e.tagName === 'SELECT')) await field.selectOption({ label: value });
    else await field.fill(value);
  }
  await form.getByRole('button', { name: action }).click();
  await seeText(page, `Uitgevoerd: ${action}.`);
}

test('a handler registers a phone complaint and works it to an outcome; the coordinator decides the objection', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, handler);
  await seeText(page, 'Anna Jansen');
  await shot(page, 'staff-01-inbox');
  // Every staff member chooses their own password under "Mijn wachtwoord".
  await page.getByRole('link', { name: 'Mijn wachtwoord' }).click();
  await seeText(page, 'Nieuw wachtwoord');
  await shot(page, 'staff-01b-password');
  // Two-factor sign-in is set up from there: a QR code for the authenticator app.
  await page.getByRole('link', { name: /Tweestapsverificatie/ }).click();
  await seeText(page, 'Scan deze QR-code.');
  await shot(page, 'staff-01c-two-factor');
  await page.goBack();
  await page.goBack();

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
  await seeText(page, 'Uitgevoerd: Behandelaar toewijzen.');
  const casePage = `${baseUrl}/admin/zaken/${reference}`;

  // A refused action keeps what was typed: the form comes back open with the reason in it, and the
  // address bar shows the case page (a reload does not post again). The date field itself refuses
  // a past date; without that check (an older browser) the server refuses it.
  await page.locator('summary', { hasText: 'Markeren als complex' }).click();
  const complexForm = page.locator('details[open] form');
  await complexForm.getByLabel('Reden').fill('Wacht op de leverancier van de terminal.');
  await complexForm.getByLabel('Verwachte datum van de uitkomst').evaluate((input) => input.removeAttribute('min'));
  await complexForm.getByLabel('Verwachte datum van de uitkomst').fill('2020-01-31');
  await complexForm.getByRole('button', { name: 'Markeren als complex' }).click();
  await seeText(page, 'De verwachte datum ligt in het verleden.');
  expect(page.url()).toBe(casePage);
  expect(await page.locator('details[open] form').getByLabel('Reden').inputValue()).toBe('Wacht op de leverancier van de terminal.');
  expect(await page.evaluate('document.activeElement.className')).toContain('error-summary');
  await shot(page, 'staff-02b-refused-keeps-text');

  // A session that ended while typing: the note comes back after signing in again.
  await page.goto(casePage);
  await page.locator('summary', { hasText: 'Interne notitie' }).click();
  await page.locator('details[open] form').getByLabel('Notitie (alleen voor medewerkers)').fill('Klant belde terug: factuurnummer 2026-0042.');
  await stack.sql`DELETE FROM staff_sessions WHERE staff_id = (SELECT id FROM staff WHERE email = ${handler})`;
  await page.locator('details[open] form').getByRole('button', { name: 'Interne notitie' }).click();
  await page.getByLabel('Wachtwoord').waitFor();
  await page.getByLabel('E-mailadres').fill(handler);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await seeText(page, 'Wat je eerder typte, staat er weer');
  expect(page.url()).toBe(casePage);
  expect(await page.locator('details[open] form').getByLabel('Notitie (alleen voor medewerkers)').inputValue()).toBe('Klant belde terug: factuurnummer 2026-0042.');
  await shot(page, 'staff-02c-draft-restored');
  await page.locator('details[open] form').getByRole('button', { name: 'Interne notitie' }).click();
  await seeText(page, 'Uitgevoerd: Interne notitie.');
  // The note's draft is gone once the note is in; the refused one above is kept until it succeeds.
  expect(await page.evaluate('Object.keys(localStorage)')).not.toContain(`kf-draft:${reference}/addNote`);
  // Before sending, the handler reads the email as the customer will get it.
  await page.locator('summary', { hasText: 'Inhoudelijke reactie vastleggen' }).click();
  const responseForm = page.locator('#actie-substantiveResponseSent form');
  await responseForm.getByLabel('Tekst').fill('We zien de dubbele factuur en crediteren er één.');
  await responseForm.getByRole('button', { name: 'Voorbeeld e-mail' }).click();
  await seeText(page, 'Zo krijgt de klant het (nog niet verstuurd)');
  expect(await page.getByTestId('email-preview').textContent()).toContain(`Onze reactie op je klacht (${reference})`);
  await page.getByTestId('email-preview').scrollIntoViewIfNeeded();
  await shot(page, 'staff-02d-email-preview');
  await responseForm.getByRole('button', { name: 'Inhoudelijke reactie vastleggen' }).click();
  await seeText(page, 'Uitgevoerd: Inhoudelijke reactie vastleggen.');
  await page.locator('summary', { hasText: 'Uitkomst vastleggen' }).click();
  await shot(page, 'staff-03a-outcome-form');
  await page.locator('summary', { hasText: 'Uitkomst vastleggen' }).click();
  await act(page, 'Uitkomst vastleggen', {
    Uitkomst: 'Je klacht is gegrond.', Oplossing: 'We crediteren de factuur van oktober.',
    'Is de klacht gegrond?': 'Gegrond', Oorzaak: 'Facturatie',
  });
  expect(await page.getByTestId('timeline').textContent()).toContain('Uitkomst verstuurd');
  await seeText(page, 'Facturatie');
  await shot(page, 'staff-03-case-resolved');
  // Every deadline explains itself in the words of `npm run deadline`.
  for (const why of await page.locator('details.why summary').all()) await why.click();
  const explanations = await page.locator('details.why').allTextContents();
  expect(explanations.join('\n')).toMatch(/5 werkdagen na \w+dag \d+ \w+ \d{4}/);
  expect(explanations.join('\n')).toMatch(/30 kalenderdagen na/);
  await shot(page, 'staff-03b-deadlines-explained');

  // The customer objects (on the status page, tested elsewhere); the coordinator takes it from the inbox.
  const handle = client.workflow.getHandle<typeof caseWorkflow>(reference);
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  await handle.signal(objectionSignal, { reason: 'Ik wil ook de incassokosten terug.' });
  await eventually(async () => (await handle.query(caseStateQuery)).objection?.reviewDue, 'the review deadline');
  await readModelCaughtUp(stack.sql, handle);

  const second = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(second, coordinator);
  await second.getByRole('link', { name: 'Mijn team' }).click();
  await seeText(second, `Beoordeel bezwaar bij ${reference}`);
  await shot(second, 'staff-04-coordinator-inbox');
  await second.getByRole('link', { name: reference }).first().click();
  // The objection is about a colleague's conduct on the phone: the coordinator marks the case as concerning him.
  await second.locator('#concern-staff').selectOption({ label: `Bram Smit (${colleague})` });
  await second.getByRole('button', { name: 'Markeren' }).click();
  await seeText(second, `gemarkeerd door ${coordinator}`);
  await second.locator('#betreft').scrollIntoViewIfNeeded();
  await shot(second, 'staff-04b-concerns');
  await act(second, 'Beslissen op bezwaar', { Beslissing: 'We vergoeden ook de incassokosten.' });
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'closed', 'the closed case');
  await second.reload();
  await shot(second, 'staff-05-objection-decided');
  expect((await handle.query(caseStateQuery)).closure).toBe('objection-decided');
});

/** WCAG's contrast ratio of two sRGB colours ("rgb(r, g, b)"). */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = rgb.match(/\d+/g)!.slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

test('on a 390 px phone the header, the queue, the case list and a case page fit the screen; the focus ring stands out on white; completing a task asks first', async () => {
  // A case of its own with a long address, and a task for the coordinator's queue.
  const record = await storeCase(stack.sql, { email: `een.heel.lang.emailadres.${randomUUID().slice(0, 6)}@voorbeeld-bedrijf.example.nl` });
  await createTask(stack.sql, {
    reference: record.reference, eventKey: 'phone-test', kind: 'escalation', title: `Klacht ${record.reference} is te laat: zorg voor een reactie`,
    titleEn: 'Escalation', role: 'coordinator', assignee: null, excludeAssignee: null, dueAt: new Date(Date.now() + 86_400_000).toISOString(), createdAt: new Date().toISOString(),
  });
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await signIn(page, coordinator);
  await seeText(page, 'Carla de Groot');
  const fits = async () => page.evaluate<number>('document.documentElement.scrollWidth');
  // Nothing sticks out of the screen, except inside a table's own scrolling region.
  const outside = () => page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > 391 && !e.parentElement.closest('.table-scroll'))
    .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).slice(0, 8)`);
  expect(await outside()).toEqual([]);
  expect(await fits()).toBeLessThanOrEqual(390);
  // Signing out is on the screen, not beyond its right edge.
  const signOut = await page.getByRole('button', { name: 'Uitloggen' }).boundingBox();
  expect(signOut!.x + signOut!.width).toBeLessThanOrEqual(390);
  await shot(page, 'staff-06-phone-queue');
  await page.goto(`${baseUrl}/admin/zaken`);
  expect(await outside()).toEqual([]);
  expect(await fits()).toBeLessThanOrEqual(390);
  await shot(page, 'staff-06b-phone-cases');
  await page.goto(`${baseUrl}/admin/zaken/${record.reference}`);
  await seeText(page, 'Termijnen');
  expect(await outside()).toEqual([]);
  expect(await fits()).toBeLessThanOrEqual(390);
  await shot(page, 'staff-06c-phone-case');

  // Keyboard focus on a link on a white panel: the ring has at least 3:1 against white (WCAG 1.4.11).
  await page.keyboard.press('Tab');
  const link = page.locator('main a').first();
  await link.focus();
  const ring = await page.evaluate<string>('getComputedStyle(document.activeElement).outlineColor');
  expect(await page.evaluate<string>('document.activeElement.matches(":focus-visible") ? "visible" : "hidden"')).toBe('visible');
  expect(contrast(ring, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3);

  // Completing a task cannot be undone, so it asks first: cancelled, nothing happens; confirmed, it is done.
  await page.goto(`${baseUrl}/admin/taken`);
  const row = page.locator('[data-testid="queue-row"]', { hasText: record.reference });
  const questions: string[] = [];
  page.once('dialog', (dialog) => { questions.push(dialog.message()); void dialog.dismiss(); });
  await row.getByRole('button', { name: 'Afronden' }).click();
  await page.waitForTimeout(300);
  expect(questions).toEqual([expect.stringContaining('Taak afronden: Klacht')]);
  expect((await listTasks(stack.sql, record.reference)).map((t) => t.status)).toEqual(['open']);
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Afronden' }).click();
  await page.waitForURL(/view=work/);
  expect((await listTasks(stack.sql, record.reference)).map((t) => t.status)).toEqual(['done']);
  await page.close();
});
