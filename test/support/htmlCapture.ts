/**
 * Keeps every HTML page the tests' web apps send (express's res.send, which res.render ends in)
 * for the Nu Html Checker, which globalTeardown runs once over the whole run's pages: every page a
 * test renders, over HTTP or in a browser (as sent, and as shown after the page's script ran),
 * must be valid HTML. Pages that differ only in their
 * tokens, references, numbers and dates are kept once.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import express from 'express';

const dir = process.env.KF_TEST_HTML_DIR;
if (dir) {
  const send = express.response.send;
  express.response.send = function sendKept(this: express.Response, body?: unknown) {
    if (typeof body === 'string' && /^\s*<!doctype html>/i.test(body)) keepPage(body, this.req?.originalUrl ?? '');
    return send.call(this, body);
  } as typeof send;
}

/** Keeps a page for the checker, named after where it came from; also a browser's page after its script ran (test/support/browser.ts). */
export function keepPage(html: string, url: string): void {
  const into = process.env.KF_TEST_HTML_DIR;
  if (!into) return;
  const shape = html.replace(/value="[^"]{20,}"/g, 'value=""').replace(/\d+/g, '0');
  const name = `${createHash('sha1').update(shape).digest('hex').slice(0, 16)}.html`;
  const file = path.join(into, name);
  // The address it came from, for the report (a comment the checker ignores).
  if (!existsSync(file)) writeFileSync(file, `${html}\n<!-- ${url.replace(/--/g, '')} -->\n`);
}
