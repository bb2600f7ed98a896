/**
 * A handlers' day in Debian's Chromium against the whole stack, on 51 real cases received over the
 * last three weeks (each its own workflow; the old ones past their deadlines, with breaches and
 * escalations as the workflow records them):
 * - the team lead's queue sorted by deadline with countdowns, a bulk assignment, a saved view;
 * - an agent moving with the keyboard, filling a reply template, previewing and sending it;
 * - the coordinator's objection review;
 * - the same day in English: countdowns, a refused action that keeps the text, a session that
 *   ends mid-edit and comes back to the draft, an English template with its preview;
 * - a phone's viewport.
 * Every page shown goes through axe-core (shot) and the Nu Html Checker; screenshots in test-artifacts/.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startCaseWorkflow } from '../../src/cases/startCaseWorkflow';
import type { CaseRecord } from '../../src/db/cases';
import { createStaff, type StaffMember } from '../../src/db/staff';
import { completeTasks } from '../../src/db/tasks';
import { staffRef, type Role } from '../../src/domain/staff';
import { assignHandlerUpdate, caseStateQuery, objectionSignal, resolveUpdate, type caseWorkflow } from '../../workflows';
import { launchChromium, seeText, serve, shot, signInAt } from '../support/browser';
import { readModelCaughtUp, storeCase } from '../support/cases';
import { devStack, type DevStack } from '../support/devStack';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'handlers-day-browser';
const PASSWORD = 'een lang en sterk wachtwoord';
const HOUR = 3_600_000;
const CASES = 51;

let stack: DevStack;
let site: Awaited<ReturnType<typeof serve>>;
let baseUrl: string;
let browser: Browser;
const suffix = randomUUID().slice(0, 6);
const people = {} as Record<'anna' | 'bram' | 'tom' | 'carla' | 'ada', StaffMember>;
/** The day's cases, oldest first, and who handles each. */
const cases: { record: CaseRecord; handler?: 'anna' | 'bram' }[] = [];

const CUSTOMERS = ['Henk Visser', 'Fatima el Amrani', 'Joost de Vries', 'Sanne Bakker', 'Mohammed Yilmaz', 'Lotte Jansen',
  'Pieter van Dijk', 'Emma Smit', 'Kees Mulder', 'Noor Hendriks', 'Daan Vos', 'Sophie de Graaf'];
const CATEGORIES = ['billing', 'malfunction', 'delivery', 'service', 'product', 'other'];

beforeAll(async () => {
  stack = await devStack(TASK_QUEUE);
  site = await serve(stack);
  baseUrl = site.baseUrl;
  const person = (name: string, role: Role) =>
    createStaff(stack.sql, { email: `${name.split(' ')[0]!.toLowerCase()}.${suffix}@ccv.test`, name, role, password: PASSWORD });
  people.anna = await person('Anna Jansen', 'agent');
  people.bram = await person('Bram Smit', 'agent');
  people.tom = await person('Tom Bakker', 'team-lead');
  people.carla = await person('Carla de Groot', 'coordinator');
  people.ada = await person('Ada Beheer', 'admin');

  // 51 cases over the last three weeks, every 9 hours one; a fifth from English-speaking customers.
  const now = Date.now();
  for (let i = 0; i < CASES; i++) {
    const record = await storeCase(stack.sql, { receivedAt: new Date(now - (CASES - i) * 9 * HOUR), language: i % 5 === 0 ? 'en' : 'nl' });
    const name = `${CUSTOMERS[i % CUSTOMERS.length]}${i >= CUSTOMERS.length ? ` ${Math.floor(i / CUSTOMERS.length) + 1}` : ''}`;
    await stack.sql`UPDATE cases SET name = ${name}, category = ${CATEGORIES[i % CATEGORIES.length]!} WHERE reference = ${record.reference}`;
    cases.push({ record: { ...record, name }, handler: i % 3 === 0 ? 'anna' : i % 3 === 1 ? 'bram' : undefined });
  }
  const handle = (reference: string) => stack.client.workflow.getHandle<typeof caseWorkflow>(reference);
  await Promise.all(cases.map(async ({ record, handler }) => {
    await startCaseWorkflow({ sql: stack.sql, client: stack.client, taskQueue: TASK_QUEUE }, record);
    await eventually(async () => (await handle(record.reference).query(caseStateQuery)).acknowledged, 'the confirmation');
    if (handler) {
      await handle(record.reference).executeUpdate(assignHandlerUpdate, {
        args: [{ handler: staffRef(people[handler].id), by: staffRef(people.tom.id) }],
      });
    }
  }));
  // The read model has caught up with every case (handlers, deadlines) before the day starts.
  await eventually(async () => {
    const [row] = await stack.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM cases WHERE reference = ANY(${cases.map((c) => c.record.reference)}) AND next_deadline IS NOT NULL`;
    const [assigned] = await stack.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM cases WHERE reference = ANY(${cases.map((c) => c.record.reference)}) AND handler IS NOT NULL`;
    return row!.n === CASES && assigned!.n === cases.filter((c) => c.handler).length;
  }, 'the read model of the day');
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  // The day's tasks leave the queues the other test files share (they look at their first pages).
  for (const { record } of cases) await completeTasks(stack.sql, record.reference, 'all');
  await stack?.stop();
});

let visits = 0;
/** axe-core and the Nu Html Checker on a page visited between the named screenshots (a screenshot of its own too). */
const check = (page: Page, what: string) => shot(page, `day-visit-${String(++visits).padStart(2, '0')}-${what}`, { fullPage: false });

/** The start pages checked already, per role and language: one 50-row queue is checked once, not at every sign-in. */
const landings = new Set<string>();
async function checkLanding(page: Page, who: keyof typeof people, lang: 'nl' | 'en'): Promise<void> {
  const key = `${people[who].role}-${lang}`;
  if (landings.has(key)) return;
  landings.add(key);
  await check(page, `${lang}-${who}-signed-in`);
}

/** Signs in as a person would; the sign-in page and the page it leads to are checked. */
async function signIn(page: Page, who: keyof typeof people): Promise<void> {
  await page.goto(`${baseUrl}/admin/inloggen`);
  if (!landings.has('sign-in')) await check(page, 'sign-in');
  landings.add('sign-in');
  await signInAt(page, baseUrl, people[who].email, PASSWORD);
  await seeText(page, people[who].name);
  await checkLanding(page, who, 'nl');
}
const handleOf = (reference: string) => stack.client.workflow.getHandle<typeof caseWorkflow>(reference);
/** The deadlines of the queue's rows, in the order shown. */
const deadlinesShown = (page: Page) => page.locator('[data-testid="queue-row"] [data-deadline]')
  .evaluateAll((cells) => cells.map((c) => Date.parse(c.getAttribute('data-deadline')!)));

test('the team lead\'s morning: the whole queue by deadline with countdowns, a bulk assignment, a saved view', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, 'tom');
  await page.getByRole('link', { name: 'Alle', exact: true }).click();
  await page.waitForURL(/view=all/);
  const deadlines = await deadlinesShown(page);
  expect(deadlines.length).toBeGreaterThanOrEqual(50); // a full page
  expect(deadlines).toEqual([...deadlines].sort((a, b) => a - b));
  // The oldest cases are late: their countdown says by how many working days; breaches have their badge.
  const first = page.locator('[data-testid="queue-row"]').first();
  expect(await first.locator('.countdown').textContent()).toMatch(/^\d+ werkdagen? te laat$/);
  expect(await page.locator('[data-testid="queue-row"] .badge-error').count()).toBeGreaterThan(0);
  expect(await page.getByTestId('queue-total').textContent()).toMatch(/^\d+ zaken$/);
  await shot(page, 'day-01-queue-by-deadline', { fullPage: false });

  // Sorted by customer, the other way round on a second click.
  await page.getByRole('link', { name: 'Klant', exact: true }).click();
  await page.waitForURL(/sort=customer/);
  await page.getByRole('link', { name: /^Klant/ }).click();
  await page.waitForURL(/dir=desc/);
  expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Klant');

  // Three unassigned cases to Anna at once.
  await page.getByRole('link', { name: 'Niet toegewezen', exact: true }).click();
  await page.waitForURL(/view=unassigned/);
  const rows = page.locator('[data-testid="queue-row"]');
  const picked: number[] = [];
  for (let i = 0; i < 3; i++) {
    await rows.nth(i).getByRole('checkbox').check();
    picked.push(...(await rows.nth(i).getByRole('checkbox').getAttribute('value'))!.split(',').map(Number));
  }
  await page.locator('#bulk-assignee').selectOption({ label: 'Anna Jansen' });
  await page.getByRole('button', { name: 'Taken toewijzen' }).click();
  await seeText(page, 'bijgewerkt');
  await shot(page, 'day-02-bulk-assigned', { fullPage: false });
  // The ticked cases' open tasks for handlers are hers now; a task for a team lead or the coordinator
  // (an escalation) stays where it was.
  const tasks = await stack.sql<{ assignee: string | null; role: string }[]>`SELECT assignee, role FROM tasks WHERE id = ANY(${picked})`;
  expect(tasks.filter((t) => t.role === 'agent').length).toBeGreaterThan(0);
  for (const task of tasks) expect(task.assignee).toBe(task.role === 'agent' ? people.anna.email : null);

  // The late cases as a view of his own.
  await page.getByRole('link', { name: 'Zaken', exact: true }).click();
  await page.getByLabel('Deadline verlopen').check();
  await check(page, 'cases-filter');
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.waitForURL(/overdue=1/);
  await page.getByText('Deze weergave bewaren').click();
  await check(page, 'cases-overdue-save-view');
  await page.getByLabel('Naam van de weergave').fill('Te laat');
  await page.getByRole('button', { name: 'Bewaren' }).click();
  await seeText(page, 'De weergave is bewaard.');
  await check(page, 'cases-view-saved');
  await page.getByRole('link', { name: 'Zaken', exact: true }).click();
  await page.getByTestId('saved-views').getByRole('link', { name: 'Te laat' }).click();
  await page.waitForURL(/overdue=1/);
  expect(await page.getByLabel('Deadline verlopen').isChecked()).toBe(true);
  await shot(page, 'day-03-saved-view');
  await page.close();
});

test('an agent\'s day: to the next case by keyboard, a reply template filled, edited, previewed and sent', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, 'anna');
  await seeText(page, 'Anna Jansen');
  // j moves through the rows, Enter opens, n goes on to the next case of her work.
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  const second = (await page.evaluate<string>('document.activeElement.textContent')).trim();
  expect(second).toMatch(/^KL-\d{4}-\d{6}$/);
  await page.keyboard.press('Enter');
  await page.waitForURL(new RegExp(`/admin/zaken/${second}$`));
  await check(page, 'case-by-keyboard');
  await page.keyboard.press('n');
  await page.waitForURL((url) => !url.pathname.endsWith(second));
  await shot(page, 'day-04-next-case-by-keyboard');
  await page.keyboard.press('?');
  await seeText(page, 'Sneltoetsen');
  await shot(page, 'day-04b-shortcuts');

  // One of her own Dutch cases: r opens the reply, a template fills it, she edits and previews.
  const own = cases.find((c) => c.handler === 'anna' && c.record.language === 'nl')!.record;
  await page.goto(`${baseUrl}/admin/zaken/${own.reference}`);
  await page.keyboard.press('r');
  await check(page, 'case-reply-open');
  const form = page.locator('#actie-substantiveResponseSent form');
  expect(await page.evaluate<string>('document.activeElement.name')).toBe('text');
  await form.getByLabel('Sjabloon').selectOption({ label: 'Inhoudelijke reactie' });
  await form.getByRole('button', { name: 'Sjabloon invullen' }).click();
  await page.getByTestId('template-filled').waitFor();
  const text = page.locator('#actie-substantiveResponseSent form').getByLabel('Tekst');
  await check(page, 'case-template-filled');
  const filled = await text.inputValue();
  expect(filled).toMatch(/^We hebben je klacht over [a-z]/);
  expect(filled).toContain(`vraag naar Anna Jansen, met je zaaknummer ${own.reference} erbij.`);
  expect(filled).not.toContain('{{');
  await text.fill(filled.replace('Dit gaan we doen:\n', 'Dit gaan we doen:\nwe crediteren de dubbele factuur.'));
  await page.locator('#actie-substantiveResponseSent form').getByRole('button', { name: 'Voorbeeld e-mail' }).click();
  await seeText(page, 'Zo krijgt de klant het (nog niet verstuurd)');
  expect(await page.getByTestId('email-preview').textContent()).toContain('we crediteren de dubbele factuur.');
  await page.getByTestId('email-preview').scrollIntoViewIfNeeded();
  await shot(page, 'day-05-template-preview');
  await page.locator('#actie-substantiveResponseSent form').getByRole('button', { name: 'Inhoudelijke reactie vastleggen' }).click();
  await seeText(page, 'Uitgevoerd: Inhoudelijke reactie vastleggen.');
  await check(page, 'case-response-sent');
  expect((await handleOf(own.reference).query(caseStateQuery)).substantiveResponseAt).toBeDefined();

  // An unassigned case: c takes it.
  const free = cases.find((c) => !c.handler && c.record.language === 'nl')!.record;
  await page.goto(`${baseUrl}/admin/zaken/${free.reference}`);
  await check(page, 'case-unassigned');
  await page.keyboard.press('c');
  await seeText(page, 'Uitgevoerd: Behandelaar toewijzen.');
  await check(page, 'case-taken');
  await eventually(async () => (await handleOf(free.reference).query(caseStateQuery)).handler === staffRef(people.anna.id), 'the case taken');
  await page.close();
});

test('the coordinator\'s objection review: the review waits in her work; she decides', async () => {
  const objected = cases.find((c) => c.handler === 'bram' && c.record.language === 'nl')!.record;
  const handle = handleOf(objected.reference);
  await handle.executeUpdate(resolveUpdate, { args: [{
    outcome: 'We hebben de storing verholpen.', solution: 'Nieuwe terminal geleverd.', justified: 'justified', rootCause: 'product',
    by: staffRef(people.bram.id),
  }] });
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  await handle.signal(objectionSignal, { reason: 'De nieuwe terminal doet het ook niet.' });
  await eventually(async () => (await handle.query(caseStateQuery)).objection?.reviewDue, 'the review deadline');
  await readModelCaughtUp(stack.sql, handle);

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, 'carla');
  const review = page.locator('[data-testid="queue-row"]', { hasText: objected.reference });
  await eventually(async () => {
    await page.reload();
    return (await review.count()) === 1;
  }, 'the objection review in her work');
  expect(await review.textContent()).toContain('Beoordeel bezwaar');
  await shot(page, 'day-06-coordinator-work', { fullPage: false });
  await review.locator('a[data-row-link]').click();
  await page.waitForURL(new RegExp(`/admin/zaken/${objected.reference}$`));
  await check(page, 'objection-case');
  await page.locator('summary', { hasText: 'Beslissen op bezwaar' }).click();
  await page.locator('details[open] form').getByLabel('Beslissing').fill('We vervangen de terminal opnieuw en vergoeden de maand.');
  await page.locator('details[open] form').getByRole('button', { name: 'Voorbeeld e-mail' }).click();
  await seeText(page, 'Zo krijgt de klant het (nog niet verstuurd)');
  await shot(page, 'day-06b-objection-decision-preview');
  await page.locator('details[open] form').getByRole('button', { name: 'Beslissen op bezwaar' }).click();
  await seeText(page, 'Uitgevoerd: Beslissen op bezwaar.');
  await check(page, 'objection-decided');
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'closed', 'the closed case');
  await page.close();
});

test('the same day in English: countdowns, a refused action that keeps the text, an ended session back to the draft, an English template', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${baseUrl}/admin/inloggen?lang=en`);
  await check(page, 'en-sign-in');
  await signInEnglish(page, 'bram');
  expect(page.url()).toContain('lang=en');
  const countdowns = await page.locator('[data-testid="queue-row"] .countdown').allTextContents();
  expect(countdowns.length).toBeGreaterThan(0);
  for (const c of countdowns) expect(c).toMatch(/^(today|tomorrow|\d+ working days? (left|late))$/);
  await shot(page, 'day-en-01-queue', { fullPage: false });

  const own = cases.find((c) => c.handler === 'bram' && c.record.language === 'en')!.record;
  const casePage = `${baseUrl}/admin/zaken/${own.reference}?lang=en`;
  await page.goto(casePage);
  await check(page, 'en-case');
  // Refused: the expected date in the past (the date field itself refuses it; without that check the server does).
  await page.locator('summary', { hasText: 'Mark as complex' }).click();
  const complex = page.locator('details[open] form');
  await complex.getByLabel('Reason').fill('Waiting for the terminal supplier.');
  await complex.getByLabel('Expected date of the outcome').evaluate((input) => input.removeAttribute('min'));
  await complex.getByLabel('Expected date of the outcome').fill('2020-01-31');
  await complex.getByRole('button', { name: 'Mark as complex' }).click();
  await seeText(page, 'The expected date is in the past');
  expect(page.url()).toBe(casePage);
  expect(await page.locator('details[open] form').getByLabel('Reason').inputValue()).toBe('Waiting for the terminal supplier.');
  await shot(page, 'day-en-02-refused-keeps-text');

  // The session ends while he types a note: after signing in again, the note is back.
  await page.goto(casePage);
  await page.locator('summary', { hasText: 'Internal note' }).click();
  // (The refused form above is open again too, with its draft: kept in this browser until it succeeds.)
  const note = page.locator('#actie-addNote form');
  await note.getByLabel('Note (staff only)').fill('Customer called back: invoice 2026-0042.');
  await stack.sql`DELETE FROM staff_sessions WHERE staff_id = ${people.bram.id}`;
  await note.getByRole('button', { name: 'Internal note' }).click();
  await page.getByLabel('Password').waitFor();
  await check(page, 'en-sign-in-again');
  await page.getByLabel('Email address').fill(people.bram.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await seeText(page, 'What you typed before is back');
  expect(page.url()).toBe(casePage);
  expect(await note.getByLabel('Note (staff only)').inputValue()).toBe('Customer called back: invoice 2026-0042.');
  await shot(page, 'day-en-03-draft-restored');
  await note.getByRole('button', { name: 'Internal note' }).click();
  await seeText(page, 'Done: Internal note.');
  await check(page, 'en-note-added');

  // The English template, in the English customer's case, with its preview.
  await page.keyboard.press('r');
  const form = page.locator('#actie-substantiveResponseSent form');
  await form.getByLabel('Template').selectOption({ label: 'Substantive response' });
  await form.getByRole('button', { name: 'Fill in template' }).click();
  await page.getByTestId('template-filled').waitFor();
  const text = page.locator('#actie-substantiveResponseSent form').getByLabel('Text');
  await check(page, 'en-template-filled');
  expect(await text.inputValue()).toContain(`ask for Bram Smit, with your case number ${own.reference} at hand.`);
  await text.fill((await text.inputValue()).replace('This is what we will do:\n', 'This is what we will do:\nwe replaced the terminal.'));
  await page.locator('#actie-substantiveResponseSent form').getByRole('button', { name: 'Preview email' }).click();
  await page.getByTestId('email-preview').waitFor();
  expect(await page.getByTestId('email-preview').textContent()).toContain('we replaced the terminal.');
  await page.getByTestId('email-preview').scrollIntoViewIfNeeded();
  await shot(page, 'day-en-04-template-preview');
  await page.close();
});

/** Signs in on the English sign-in page. */
async function signInEnglish(page: Page, who: keyof typeof people): Promise<void> {
  await page.goto(`${baseUrl}/admin/inloggen?lang=en`);
  await page.getByLabel('Email address').fill(people[who].email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await seeText(page, people[who].name);
  await checkLanding(page, who, 'en');
}

test('in English too: the team lead assigns in bulk; the coordinator reviews an objection', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInEnglish(page, 'tom');
  await page.getByRole('link', { name: 'Unassigned', exact: true }).click();
  await page.waitForURL(/view=unassigned/);
  const rows = page.locator('[data-testid="queue-row"]');
  for (let i = 0; i < 2; i++) await rows.nth(i).getByRole('checkbox').check();
  await page.locator('#bulk-assignee').selectOption({ label: 'Bram Smit' });
  await page.getByRole('button', { name: 'Assign tasks' }).click();
  await seeText(page, 'tasks updated');
  expect(page.url()).toContain('lang=en');
  await shot(page, 'day-en-05-bulk-assigned', { fullPage: false });
  await page.close();

  const objected = cases.filter((c) => c.handler === 'bram' && c.record.language === 'en')[1]!.record;
  const handle = handleOf(objected.reference);
  await handle.executeUpdate(resolveUpdate, { args: [{
    outcome: 'We repaired the terminal.', solution: 'A technician visited.', justified: 'justified', rootCause: 'product',
    by: staffRef(people.bram.id),
  }] });
  await eventually(async () => (await handle.query(caseStateQuery)).objectionWindowEnds, 'the objection window');
  await handle.signal(objectionSignal, { reason: 'It broke again the next day.' });
  await eventually(async () => (await handle.query(caseStateQuery)).objection?.reviewDue, 'the review deadline');
  await readModelCaughtUp(stack.sql, handle);

  const coordinator = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signInEnglish(coordinator, 'carla');
  const review = coordinator.locator('[data-testid="queue-row"]', { hasText: objected.reference });
  await eventually(async () => {
    await coordinator.reload();
    return (await review.count()) === 1;
  }, 'the objection review in her work');
  expect(await review.textContent()).toContain('objection');
  await review.locator('a[data-row-link]').click();
  await coordinator.waitForURL(new RegExp(`/admin/zaken/${objected.reference}\\?lang=en$`));
  await coordinator.locator('summary', { hasText: 'Decide on the objection' }).click();
  await coordinator.locator('details[open] form').getByLabel('Decision').fill('We replace the terminal and refund the month.');
  await coordinator.locator('details[open] form').getByRole('button', { name: 'Preview email' }).click();
  await seeText(coordinator, 'What the customer will get (not sent yet)');
  await shot(coordinator, 'day-en-06-objection-decision-preview');
  await coordinator.locator('details[open] form').getByRole('button', { name: 'Decide on the objection' }).click();
  await seeText(coordinator, 'Done: Decide on the objection.');
  await check(coordinator, 'en-objection-decided');
  await eventually(async () => (await handle.query(caseStateQuery)).status === 'closed', 'the closed case');
  await coordinator.close();
});

test('an administrator writes a template; her session ends before she saves it, and after signing in the text is back; an expired form too', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await signIn(page, 'ada');
  await page.getByRole('link', { name: 'Sjablonen' }).click();
  await check(page, 'templates');
  const body = 'We bieden je een tegoed aan van 25 euro op je volgende factuur, {{klant}}.';
  await page.getByLabel('Naam *').fill('Voorstel tegoed');
  await page.getByLabel('Voor de actie').selectOption({ label: 'Voorstel doen' });
  await page.getByLabel('Tekst *').fill(body);
  await stack.sql`DELETE FROM staff_sessions WHERE staff_id = ${people.ada.id}`;
  await page.getByRole('button', { name: 'Sjabloon opslaan' }).click();
  await page.getByLabel('Wachtwoord').waitFor();
  await check(page, 'sign-in-again');
  await page.getByLabel('E-mailadres').fill(people.ada.email);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await seeText(page, 'Wat je eerder typte, staat er weer');
  expect(await page.getByLabel('Tekst *').inputValue()).toBe(body);
  expect(await page.getByLabel('Naam *').inputValue()).toBe('Voorstel tegoed');
  await shot(page, 'day-08-template-draft-restored');

  // The form's token no longer holds (a restart with another secret, say): back to the page, the text restored.
  await page.context().clearCookies({ name: 'kf.csrf' });
  await page.evaluate('document.body.setAttribute("data-before", "")');
  await page.getByRole('button', { name: 'Sjabloon opslaan' }).click();
  await page.locator('body:not([data-before])').waitFor();
  expect(await page.getByTestId('expired-form').textContent()).toContain('Dit formulier was verlopen en is niet verstuurd');
  await seeText(page, 'Wat je eerder typte, staat er weer');
  expect(page.url()).toBe(`${baseUrl}/admin/sjablonen`);
  expect(await page.getByLabel('Tekst *').inputValue()).toBe(body);
  await page.getByRole('button', { name: 'Sjabloon opslaan' }).click();
  await seeText(page, 'Het sjabloon is opgeslagen.');
  await check(page, 'template-saved');
  expect(await page.getByTestId('templates').textContent()).toContain('Voorstel tegoed');
  // Saved: the draft is gone, the new-template form is empty again.
  expect(await page.evaluate('Object.keys(localStorage)')).not.toContain('kf-draft:template/new');
  expect(await page.getByLabel('Tekst *').inputValue()).toBe('');
  await page.close();
});

test('on a 390 px phone: the queue and a case page with its reply template fit the screen', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await signIn(page, 'anna');
  await seeText(page, 'Anna Jansen');
  const outside = () => page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > 391 && !e.parentElement.closest('.table-scroll'))
    .map((e) => e.tagName + '.' + e.className).slice(0, 8)`);
  expect(await outside()).toEqual([]);
  await shot(page, 'day-07-phone-queue', { fullPage: false });
  const own = cases.filter((c) => c.handler === 'anna' && c.record.language === 'nl')[1]!.record;
  await page.goto(`${baseUrl}/admin/zaken/${own.reference}`);
  await page.locator('summary', { hasText: 'Inhoudelijke reactie vastleggen' }).click();
  await page.locator('#actie-substantiveResponseSent form').getByRole('button', { name: 'Sjabloon invullen' }).click();
  await page.getByTestId('template-filled').waitFor();
  expect(await outside()).toEqual([]);
  await check(page, 'phone-template');
  await page.locator('#actie-substantiveResponseSent').scrollIntoViewIfNeeded();
  await shot(page, 'day-07b-phone-template');
  await page.close();
});
