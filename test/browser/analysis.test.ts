/**
 * The analysis page in Debian's Chromium (playwright-core) against the whole stack: a coordinator
 * chooses a year, follows a count to the case list filtered to exactly those cases, and downloads
 * the CSV, which a CSV parser reads back. Screenshots (Dutch and English) go to test-artifacts/.
 *
 * The cases, a year of them, are written straight into the read model; they lie in 2014, a year
 * no other test uses, so that every promise has long been judged.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { CATEGORY_KEYS } from '../../src/domain/categories';
import { createStaff } from '../../src/db/staff';
import { insertAnalysisCase, removeAnalysisCases, type AnalysisCase } from '../support/analysisCases';
import { ARTIFACTS, launchChromium, seeText, serve, shot, signInAt } from '../support/browser';
import { devStack, type DevStack } from '../support/devStack';

const PASSWORD = 'een lang en sterk wachtwoord';
const calendar = new WorkingDayCalendar();

let stack: DevStack;
let site: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
const coordinator = `carla.analyse.${randomUUID().slice(0, 6)}@ccv.test`;
const governance = `raad.analyse.${randomUUID().slice(0, 6)}@ccv.test`;

const ROOT_CAUSES = ['billing', 'billing', 'billing', 'product', 'product', 'communication', 'process', 'delivery', 'billing', 'staff-conduct'];
const JUDGEMENTS = ['justified', 'partly', 'unjustified', 'unjustified'] as const;

/** A year of cases with a little of everything, the same every run. */
function yearOfCases(): AnalysisCase[] {
  const cases: AnalysisCase[] = [];
  let serial = 0;
  const iso = (d: Date) => d.toISOString();
  const hours = (d: Date, h: number) => new Date(d.getTime() + h * 3600_000);
  for (let month = 1; month <= 12; month++) {
    const count = 9 + ((month * 7) % 9);
    for (let i = 0; i < count; i++) {
      serial += 1;
      const isComplaint = i % 4 !== 0;
      const phone = i % 5 === 2;
      const day = 1 + ((i * 3 + month) % 27);
      const receivedAt = new Date(`2014-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T09:30:00+01:00`);
      const responseDays = [2, 3, 4, 5, 3, 7, 4, 2, 8][(i + month) % 9]!;
      const respondedAt = hours(calendar.addWorkingDays(receivedAt, responseDays).deadline, -8);
      const breaches: string[] = [];
      const lateAck = !phone && (i + month) % 11 === 0;
      if (lateAck) breaches.push('acknowledgement-overdue');
      if (responseDays > 5) breaches.push('substantive-response-overdue');
      const reference = `${isComplaint ? 'KL' : 'FB'}-2014-97${String(serial).padStart(4, '0')}`;
      const base = {
        reference, caseType: isComplaint ? 'complaint' : 'feedback', channel: phone ? 'phone' : 'web',
        category: CATEGORY_KEYS[(i * 3 + month) % CATEGORY_KEYS.length]!, receivedAt: iso(receivedAt),
        email: phone ? null : undefined,
        // A few customers who complain again within the year.
        customerNumber: i % 6 === 1 ? `KN-${month % 3}` : undefined,
        acknowledgedAt: phone ? undefined : iso(hours(receivedAt, lateAck ? 30 : 0.02)),
        respondedAt: iso(respondedAt),
      } as const;
      if (!isComplaint) {
        cases.push({ ...base, closedAt: iso(respondedAt), closure: 'answered', breaches,
          satisfaction: phone || i % 3 === 0 ? undefined : { score: 3 + (i % 3), at: iso(hours(respondedAt, 30)) } });
        continue;
      }
      const open = month === 12 && i < 2;
      const settleDays = [12, 20, 28, 31, 38][(i * month) % 5]!;
      if (settleDays > 34 || open) breaches.push('resolution-overdue');
      if (open) {
        cases.push({ ...base, breaches });
        continue;
      }
      const resolvedAt = hours(calendar.addWorkingDays(receivedAt, settleDays).deadline, -6);
      const objected = i % 6 === 5;
      cases.push({
        ...base, breaches, resolvedAt: iso(resolvedAt), closedAt: iso(hours(resolvedAt, 24 * (objected ? 20 : 32))),
        closure: objected ? 'objection-decided' : 'no-objection', complex: settleDays > 30,
        justified: JUDGEMENTS[(i + month) % JUDGEMENTS.length], rootCause: ROOT_CAUSES[(i * 7 + month) % ROOT_CAUSES.length],
        objectedAt: objected ? iso(hours(resolvedAt, 24 * 5)) : undefined, objectionUpheld: objected ? i % 4 === 1 : undefined,
        satisfaction: phone || i % 2 === 0 ? undefined : { score: 1 + ((i + month) % 5), at: iso(hours(resolvedAt, 24 * 33)) },
        improvementActions: i % 7 === 3 ? [{ createdAt: iso(resolvedAt), dueDate: '2014-12-31' }] : undefined,
      });
    }
  }
  return cases;
}

const CASES = yearOfCases();

beforeAll(async () => {
  stack = await devStack('analysis-browser-test');
  site = await serve(stack);
  await createStaff(stack.sql, { email: coordinator, name: 'Carla de Groot', role: 'coordinator', password: PASSWORD });
  await createStaff(stack.sql, { email: governance, name: 'Raad van Toezicht', role: 'governance', password: PASSWORD });
  await removeAnalysisCases(stack.sql, CASES.map((c) => c.reference));
  for (const c of CASES) await insertAnalysisCase(stack.sql, calendar, c);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (stack) await removeAnalysisCases(stack.sql, CASES.map((c) => c.reference));
  await stack?.stop();
});

const signIn = (page: Page, email: string) => signInAt(page, site.baseUrl, email, PASSWORD);

test('a coordinator chooses a year, follows a count to its cases and downloads the CSV', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
  await signIn(page, coordinator);
  await page.getByRole('link', { name: 'Analyse' }).click();
  await page.getByLabel('Jaar', { exact: true }).check();
  await page.getByLabel('Jaar (jjjj)').fill('2014');
  await page.getByRole('button', { name: 'Tonen' }).click();
  await seeText(page, 'Analyse · 2014');
  expect(await page.getByTestId('figure-received').textContent()).toBe(String(CASES.length));
  await shot(page, 'analysis-01-page');
  await page.screenshot({ path: path.join(ARTIFACTS, 'analysis-01-page-top.png') });

  // A count in the breaches table: the case list shows exactly that many cases.
  const row = page.locator('#figure-breaches tr', { hasText: 'Inhoudelijke reactie niet binnen 5 werkdagen' });
  const link = row.getByRole('link');
  const expected = Number(await link.textContent());
  expect(expected).toBe(CASES.filter((c) => c.breaches?.includes('substantive-response-overdue')).length);
  await link.click();
  await seeText(page, 'Zaken achter een cijfer uit de analyse');
  expect(await page.getByTestId('total').textContent()).toBe(expected === 1 ? '1 zaak' : `${expected} zaken`);
  expect(await page.locator('table.list tbody tr').count()).toBe(Math.min(expected, 50));
  await shot(page, 'analysis-02-cases');
  await page.goBack();

  // The CSV of the year: one row per case, read back by a CSV parser.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Zaken van deze periode downloaden (CSV)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('klachtflow-analyse-2014.csv');
  const rows = parse(await readFile((await download.path())!), { delimiter: ';', bom: true, columns: true }) as Record<string, string>[];
  expect(rows).toHaveLength(CASES.length);
  expect(new Set(rows.map((r) => r.referentie))).toEqual(new Set(CASES.map((c) => c.reference)));

  // In English.
  await page.getByRole('link', { name: 'English' }).click();
  await seeText(page, 'Analysis · 2014');
  await shot(page, 'analysis-03-page-en');
  await page.screenshot({ path: path.join(ARTIFACTS, 'analysis-03-page-en-top.png') });

  // A start date after the end date: the reason at the form, what was typed kept.
  await page.goto(`${site.baseUrl}/admin/analyse`);
  await page.getByLabel('Van – tot en met').check();
  await page.getByLabel('Van (eerste dag)').fill('2014-03-01');
  await page.getByLabel('tot en met (laatste dag)').fill('2014-02-01');
  await page.getByRole('button', { name: 'Tonen' }).click();
  await seeText(page, 'De begindatum (2014-03-01) ligt na de einddatum (2014-02-01).');
  expect(await page.getByLabel('Van (eerste dag)').inputValue()).toBe('2014-03-01');
  await page.screenshot({ path: path.join(ARTIFACTS, 'analysis-05-invalid.png') });
  await page.close();
});

test('a governance member lands on the analysis: numbers, no links to cases', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
  await signIn(page, governance);
  await seeText(page, 'Je ziet alleen totalen, geen zaken.');
  await page.goto(`${site.baseUrl}/admin/analyse?period=year&year=2014`);
  expect(await page.getByTestId('figure-received').textContent()).toBe(String(CASES.length));
  expect(await page.locator('a[href^="/admin/zaken"]').count()).toBe(0);
  await shot(page, 'analysis-04-governance');
  await page.close();
});
