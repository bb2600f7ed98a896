/**
 * docker-compose.yml cannot run here (no Docker engine), but its validity can be checked:
 * `docker compose config` (or Debian's docker-compose) needs no engine.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { resolveTemporalCli } from '../../src/infra/binaries';

const ROOT = path.join(__dirname, '..', '..');
const SECRETS = {
  POSTGRES_PASSWORD: 'compose-test', TEMPORAL_DB_PASSWORD: 'temporal-test', CSRF_SECRET: 'c'.repeat(32), STATUS_TOKEN_SECRET: 's'.repeat(32),
  KLACHTFLOW_ENCRYPTION_KEYS: `prod-1:${Buffer.alloc(32, 7).toString('base64')}`,
};

/** `docker compose` when the plugin is there, else Debian's docker-compose (installed by .ci/run). */
function composeCommand(): string[] {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0) return ['docker', 'compose'];
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0) return ['docker-compose'];
  throw new Error('Neither `docker compose` nor `docker-compose` is installed: apt-get install docker-compose');
}

function compose(args: string[], env: Record<string, string> = SECRETS) {
  const [command, ...prefix] = composeCommand();
  return spawnSync(command!, [...prefix, '-f', path.join(ROOT, 'docker-compose.yml'), ...args], {
    encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env },
  });
}

test('docker-compose.yml is valid and has the whole production topology', () => {
  const check = compose(['config', '-q']);
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
  const services = compose(['config', '--services']).stdout.trim().split('\n').sort();
  expect(services).toEqual(['postgres', 'temporal', 'temporal-ui', 'web', 'worker']);
});

/** The environment of one service, as `docker compose config` resolves it. */
function environmentOf(config: string, service: string): Record<string, string> {
  const env: Record<string, string> = {};
  const block = config.split(new RegExp(`\\n  ${service}:\\n`))[1]?.split(/\n  \S/)[0] ?? '';
  const environment = block.split(/\n    environment:\n/)[1]?.split(/\n    \S/)[0] ?? '';
  for (const match of environment.matchAll(/^\s{6}(\w+): ?'?([^'\n]*)'?$/gm)) env[match[1]!] = match[2]!;
  return env;
}

test('the app services get an environment that the app accepts (empty optional values count as unset)', () => {
  const config = compose(['config']).stdout;
  const env = environmentOf(config, 'worker');
  expect(env.DATABASE_URL).toContain('@postgres:5432/klachtflow');
  expect(env.SMTP_URL).toBe('');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('../../src/config') as typeof import('../../src/config');
  const loaded = loadConfig(env);
  expect(loaded.mail.smtpUrl).toBeUndefined();
  expect(loaded.statusTokenSecret).toBe(SECRETS.STATUS_TOKEN_SECRET);
  expect(loaded.temporal.address).toBe('temporal:7233');
});

test('each process gets only its own secrets; Temporal has a database role of its own', () => {
  const config = compose(['config']).stdout;
  const worker = environmentOf(config, 'worker');
  const web = environmentOf(config, 'web');
  expect(worker.STATUS_TOKEN_SECRET).toBe(SECRETS.STATUS_TOKEN_SECRET);
  expect(Object.keys(worker)).not.toEqual(expect.arrayContaining(['CSRF_SECRET']));
  expect(Object.keys(worker)).not.toContain('INTAKE_API_KEY');
  expect(web.CSRF_SECRET).toBe(SECRETS.CSRF_SECRET);
  expect(Object.keys(web)).not.toContain('SMTP_URL');
  expect(Object.keys(web)).not.toContain('TASK_WEBHOOK_SECRET');
  const temporal = environmentOf(config, 'temporal');
  expect(temporal.POSTGRES_USER).toBe('temporal');
  expect(temporal.POSTGRES_PWD).toBe(SECRETS.TEMPORAL_DB_PASSWORD);
  expect(worker.DATABASE_URL).toMatch(/^postgres:\/\/klachtflow:/);
  expect(config).toContain('postgres-init.sh');
  expect(spawnSync('sh', ['-n', path.join(ROOT, 'docker', 'postgres-init.sh')]).status).toBe(0);
});

test('Temporal Web is published only through the web app, with the codec endpoint and no write actions; both app processes can decrypt', () => {
  const config = compose(['config']).stdout;
  const ui = environmentOf(config, 'temporal-ui');
  const uiBlock = config.split(/\n  temporal-ui:\n/)[1]!.split(/\n  \S/)[0]!;
  expect(uiBlock).not.toMatch(/\n    ports:/);
  expect(ui.TEMPORAL_UI_PUBLIC_PATH).toBe('/admin/temporal');
  expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe('http://localhost:3000/admin/codec');
  expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS?.replace(/"/g, '')).toBe('true');
  expect(ui.TEMPORAL_DISABLE_WRITE_ACTIONS?.replace(/"/g, '')).toBe('true');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('../../src/config') as typeof import('../../src/config');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { temporalEncryption } = require('../../src/temporal/codec') as typeof import('../../src/temporal/codec');
  for (const service of ['web', 'worker']) {
    const loaded = loadConfig(environmentOf(config, service));
    expect(() => temporalEncryption(loaded)).not.toThrow();
  }
  const web = loadConfig(environmentOf(config, 'web'));
  expect(web.temporal.uiUpstream).toBe('http://temporal-ui:8080');
  expect(web.temporal.uiUrl).toBe('http://localhost:3000/admin/temporal');
});

test('it refuses to start without its secrets', () => {
  const check = compose(['config', '-q'], {});
  expect(check.status).not.toBe(0);
  expect(check.stderr).toMatch(/POSTGRES_PASSWORD/);
});

test('images are pinned, and Temporal matches the server and UI of the development CLI', async () => {
  const config = compose(['config']).stdout;
  const images = [...config.matchAll(/image: (\S+)/g)].map((m) => m[1]!);
  expect(images.length).toBe(3);
  for (const image of images) expect(image).toMatch(/:\d+\.\d+(\.\d+)?(-[a-z]+)?$/);

  const cli = await resolveTemporalCli();
  if (cli.type !== 'existing-path') throw new Error('the Temporal CLI was not provided');
  const version = execFileSync(cli.path, ['--version'], { encoding: 'utf8' });
  const server = /Server (\d+\.\d+\.\d+)/.exec(version)?.[1];
  const ui = /UI (\d+\.\d+\.\d+)/.exec(version)?.[1];
  expect(images).toContain(`temporalio/auto-setup:${server}`);
  expect(images).toContain(`temporalio/ui:${ui}`);
});
