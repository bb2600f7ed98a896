import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__klachtflowServers;
  await Promise.all([servers?.dev.stop(), servers?.pg.stop()]);
  try {
    const invalid = await invalidPages(process.env.KF_TEST_HTML_DIR);
    if (invalid.length > 0) {
      throw new Error(`The Nu Html Checker finds ${invalid.length} error(s) in pages the tests rendered:\n${invalid.join('\n')}`);
    }
  } finally {
    if (servers) rmSync(servers.dir, { recursive: true, force: true });
  }
}

/** The Nu Html Checker (vnu-jar, on the machine's Java) over every page the run rendered (test/support/htmlCapture.ts). */
async function invalidPages(dir: string | undefined): Promise<string[]> {
  if (!dir || readdirSync(dir).length === 0) return [];
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  const stderr = await new Promise<string>((resolve, reject) => {
    execFile('java', ['-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', dir], { maxBuffer: 64 * 1024 * 1024 },
      (err, _stdout, errOut) => (err && !errOut ? reject(err) : resolve(errOut)));
  });
  const { messages } = JSON.parse(stderr || '{"messages":[]}') as { messages: { type: string; url: string; message: string; extract?: string; lastLine?: number }[] };
  return messages.filter((m) => m.type === 'error').map((m) => {
    const file = decodeURIComponent(new URL(m.url).pathname);
    const from = /<!-- (.*) -->\s*$/.exec(readFileSync(file, 'utf8'))?.[1] ?? path.basename(file);
    return `${from} (line ${m.lastLine ?? '?'}): ${m.message}${m.extract ? ` [${m.extract.trim()}]` : ''}`;
  });
}
