/**
 * Temporal Web in Debian's Chromium: through the web app at /admin/temporal, a signed-in handler
 * sees a case's payloads decrypted by the codec endpoint; signed out there is only the sign-in
 * page, and Temporal Web opened directly shows nothing decrypted. Its own dev server with a Web UI (the
 * run's dev server has none); no worker is needed to show a workflow's input and signals.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Browser } from 'playwright-core';
import { createStaff } from '../../src/db/staff';
import { startDevServer, type DevServerHandle } from '../../src/infra/devServer';
import { CODEC_PATH } from '../../src/web/codec';
import { TEMPORAL_WEB_PATH } from '../../src/web/temporalWeb';
import { launchChromium, serve, shot } from '../support/browser';
import { devStack, type DevStack } from '../support/devStack';
import { testEncryption } from '../support/env';
import { freePort } from '../support/globalSetup';

const PASSWORD = 'een lang en sterk wachtwoord';
const handler = `hanna.${randomUUID().slice(0, 6)}@ccv.test`;
const reference = `KL-2099-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
const secret = `Geheime-tekst-${randomUUID().slice(0, 8)}`;

let stack: DevStack;
let server: DevServerHandle;
let site: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
let client: Client;
let uiPort: number;

beforeAll(async () => {
  const [grpcPort, webPort] = await Promise.all([freePort(), freePort()]);
  uiPort = await freePort();
  const baseUrl = `http://127.0.0.1:${webPort}`;
  server = await startDevServer({ port: grpcPort, uiPort, ui: { publicPath: TEMPORAL_WEB_PATH, codecEndpoint: `${baseUrl}${CODEC_PATH}` } });
  stack = await devStack('temporal-web-browser-test');
  site = await serve(stack, {
    port: webPort,
    app: { config: { ...stack.config, temporal: { ...stack.config.temporal, uiUpstream: `http://127.0.0.1:${uiPort}`, uiUrl: `${baseUrl}${TEMPORAL_WEB_PATH}` } } },
  });
  await createStaff(stack.sql, { email: handler, name: 'Hanna Smit', role: 'agent', password: PASSWORD });
  client = new Client({ connection: await Connection.connect({ address: server.address }), dataConverter: testEncryption().dataConverter });
  // A workflow with an encrypted input and an encrypted signal; no worker takes it.
  const handle = await client.workflow.start('caseWorkflow', { taskQueue: 'no-worker', workflowId: reference, args: [{ reference, note: secret }] });
  await handle.signal('customerReplied', { text: 'Een antwoord.' });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await client?.connection.close();
  await site?.close();
  await stack?.stop();
  await server?.stop();
});

test('a signed-in handler sees the decrypted payloads; anyone else the sign-in page or nothing decrypted', async () => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const workflowPage = `${site.baseUrl}${TEMPORAL_WEB_PATH}/namespaces/default/workflows/${reference}`;
  await page.goto(workflowPage);
  await page.getByLabel('E-mailadres').waitFor();
  expect(page.url()).toContain('/admin/inloggen');
  await page.getByLabel('E-mailadres').fill(handler);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(/\/admin\/temporal\/namespaces\/default\/workflows\//);
  // The workflow's input, decrypted by the codec endpoint with the handler's session.
  await page.getByText(secret).first().waitFor({ timeout: 30_000 });
  await shot(page, 'temporal-web-decrypted', { checks: false }); // Temporal's own UI

  // Temporal Web opened directly: the codec refuses a call without the session; nothing is shown decrypted.
  const direct = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await direct.goto(`http://127.0.0.1:${uiPort}${TEMPORAL_WEB_PATH}/namespaces/default/workflows/${reference}/history`);
  await direct.waitForTimeout(8_000);
  await shot(direct, 'temporal-web-direct-not-decrypted', { checks: false });
  expect(await direct.content()).not.toContain(secret);
});
