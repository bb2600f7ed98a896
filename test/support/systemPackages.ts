/**
 * What the suite needs from the machine besides Node, provided by `npm test` itself (as `npm start`
 * provides Temporal), so that a bare Debian machine runs the README's test command as it stands:
 * - docker-compose, to validate docker-compose.yml (no Docker engine is needed);
 * - Java and Maven, to fetch and run Temporal's time-skipping test server (src/infra/binaries.ts);
 * - Chromium, for the browser tests (playwright-core drives Debian's, no browser download).
 * Missing ones are installed from Debian with apt-get (as root, or through sudo without a
 * password); where that is impossible the run stops with the one command that would provide them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const has = (command: string, args: string[] = ['--version']) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

/** The Debian packages this machine lacks. */
export function missingPackages(): string[] {
  const missing: string[] = [];
  if (!has('docker-compose', ['version']) && !has('docker', ['compose', 'version'])) missing.push('docker-compose');
  if (!has('java', ['-version'])) missing.push('default-jre-headless');
  if (!has('mvn', ['-v'])) missing.push('maven');
  if (!process.env.CHROMIUM_PATH && !existsSync('/usr/bin/chromium')) missing.push('chromium');
  return missing;
}

export function provideSystemPackages(log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): void {
  const missing = missingPackages();
  if (missing.length === 0) return;
  const root = process.getuid?.() === 0;
  const sudo = root ? [] : ['sudo', '-n'];
  if (!root && !has('sudo', ['-n', 'true'])) {
    throw new Error(`The tests need ${missing.join(', ')}: sudo apt-get install ${missing.join(' ')}`);
  }
  log(`[klachtflow] Installing ${missing.join(', ')} from Debian for the tests (once per machine).`);
  const run = (args: string[]) => {
    const [command, ...rest] = [...sudo, ...args];
    const result = spawnSync(command!, rest, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed; install by hand: apt-get install ${missing.join(' ')}`);
  };
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...missing]);
}
