import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DevStack } from './devStack';

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

/** A screenshot for people to look at, in test-artifacts/. */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
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
