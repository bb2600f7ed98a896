import { mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DevStack } from './devStack';
import { keepPage } from './htmlCapture';

export const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');

/**
 * Debian's Chromium, headless, through playwright-core (no browser download). The closed network
 * refuses Chromium's own connections: the flags keep it from trying.
 */
export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/** Serves the stack's web app on a free port (or `port`); status links in emails point there. */
export async function serve(stack: DevStack, o: { port?: number; app?: Parameters<DevStack['app']>[0] } = {}): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => { const s = stack.app(o.app).listen(o.port ?? 0, '127.0.0.1', () => resolve(s)); });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stack.statusLinks.baseUrl = baseUrl;
  return { baseUrl, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * A screenshot for people to look at, in test-artifacts/, and the checks every page of ours gets
 * there: axe-core finds no WCAG 2.1 A or AA violation in it, and its HTML (after the page's script
 * ran) goes to the Nu Html Checker with every page of the run (test/support/htmlCapture.ts). `checks: false` for pages that
 * are not ours (Temporal Web); `fullPage: false` for the visible part only (a long page is slow to shoot).
 */
export async function shot(page: Page, name: string, o: { checks?: boolean; fullPage?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: o.fullPage ?? true });
  if (o.checks === false) return;
  const { violations } = await new AxeBuilder({ page })
    // In the page itself: the tests' pages come from browser.newPage(), whose context opens no second page.
    .setLegacyMode(true).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Only the violations are reported in full (the passes' details cost time on a long page).
    .options({ resultTypes: ['violations'] }).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (found.length > 0) throw new Error(`axe-core finds ${found.length} violation(s) on ${name} (${page.url()}):\n${found.join('\n')}`);
  // For people to read, and for the Nu Html Checker with every other page of the run (globalTeardown).
  const html = await page.content();
  const file = path.join(ARTIFACTS, 'html', `${name}.html`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, html);
  keepPage(html, `${page.url()} (in Chromium: ${name})`);
}

export async function seeText(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: false }).first().waitFor({ timeout: 10_000 });
}

/** Signs in on the admin sign-in page as a person would. */
export async function signInAt(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
}
