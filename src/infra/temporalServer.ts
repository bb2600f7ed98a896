/**
 * The real Temporal server (temporal-server 1.29.1, as docker-compose.yml runs it) on Postgres,
 * for the production topology without Docker: what temporalio/auto-setup does, from binaries.
 *
 * Given a superuser's connection to a Postgres server, it makes the role `temporal` and its
 * databases `temporal` and `temporal_visibility`, sets up and updates their schemas with
 * temporal-sql-tool, writes a server config (postgres12 persistence, SQL visibility; frontend,
 * history, matching and worker services in one process) into the data directory, starts the
 * server, waits until its frontend is healthy and its worker service polls (the end of its start),
 * and registers the namespace (with its retention) and the case search attributes. The server logs to `<dataDir>/temporal-server.log`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { status } from '@grpc/grpc-js';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { grpc, temporal } from '@temporalio/proto';
import postgres from 'postgres';
import { CASE_SEARCH_ATTRIBUTES } from '../temporal/searchAttributes';
import { ensureSearchAttributes } from '../temporal/connection';
import { progress, resolveTemporalServer, type TemporalServerBinaries } from './binaries';
import { spawnManaged } from './processes';

/** A superuser (or a role that may create roles and databases) of the Postgres server. */
export interface PostgresAdmin {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface TemporalServerPorts {
  /** The frontend's gRPC port: what clients and workers connect to. */
  frontend: number;
  history: number;
  matching: number;
  worker: number;
  /** The services find each other through ringpop on these (and through the cluster_membership table). */
  frontendMembership: number;
  historyMembership: number;
  matchingMembership: number;
  workerMembership: number;
}

/** The frontend on `frontend`, the other services on the seven ports after it. */
export function temporalServerPorts(frontend: number): TemporalServerPorts {
  return {
    frontend, history: frontend + 1, matching: frontend + 2, worker: frontend + 3,
    frontendMembership: frontend + 4, historyMembership: frontend + 5, matchingMembership: frontend + 6, workerMembership: frontend + 7,
  };
}

export interface TemporalServerOptions {
  /** A superuser's URL (its database does not matter) or its parts. */
  postgres: string | PostgresAdmin;
  /** Config, log and the Temporal role's password live here (made 0700). */
  dataDir: string;
  /** The frontend's gRPC port; the other services take the seven after it unless `ports` says otherwise. */
  port: number;
  ports?: Partial<Omit<TemporalServerPorts, 'frontend'>>;
  /** The address the services listen on and advertise; 127.0.0.1 unless told. */
  host?: string;
  namespace?: string;
  /** How long closed workflows are kept: the namespace retention (docker-compose.yml: 30 days). */
  retentionDays?: number;
  /** Fixed for the life of the databases: a server refuses to start with another number. */
  numHistoryShards?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

export interface TemporalServerHandle {
  /** host:port of the frontend. */
  address: string;
  pid?: number;
  logFile: string;
  configFile: string;
  /** Resolves with how the server ended. */
  exited: Promise<string>;
  /** SIGTERM to the server, SIGKILL after 10 s. */
  stop(): Promise<void>;
}

const ROLE = 'temporal';
const DATABASES = { temporal: 'temporal', visibility: 'temporal_visibility' } as const;
const CONFIG_ENV = 'klachtflow'; // the server reads <dataDir>/config/klachtflow.yaml

export async function startTemporalServer(opts: TemporalServerOptions): Promise<TemporalServerHandle> {
  const host = opts.host ?? '127.0.0.1';
  const ports = { ...temporalServerPorts(opts.port), ...opts.ports, frontend: opts.port };
  const namespace = opts.namespace ?? 'default';
  const address = `${host}:${ports.frontend}`;
  const admin = typeof opts.postgres === 'string' ? parsePostgresUrl(opts.postgres) : opts.postgres;
  const dataDir = path.resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);

  const binaries = await resolveTemporalServer();
  const password = rolePassword(dataDir);

  let started = Date.now();
  await prepareDatabases(admin, password);
  await setUpSchemas(binaries, admin, password);
  progress(`Temporal server: databases ${Object.values(DATABASES).join(' and ')} ready (role ${ROLE}) in ${seconds(started)} s.`);

  const configFile = writeConfig(dataDir, {
    host, ports, admin, numHistoryShards: opts.numHistoryShards ?? 4, logLevel: opts.logLevel ?? 'info',
  });
  const logFile = path.join(dataDir, 'temporal-server.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  started = Date.now();
  const server = spawnManaged(binaries.server, ['--root', dataDir, '--config', 'config', '--env', CONFIG_ENV, '--allow-no-auth', 'start'], {
    cwd: dataDir,
    // Only what the server needs: not the app's secrets that its caller may hold.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? dataDir, TEMPORAL_DB_PASSWORD: password },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.child.stdout!.pipe(log);
  server.child.stderr!.pipe(log);
  const failed = server.exited.then((how) => {
    throw new Error(`temporal-server ended (${how}); see ${logFile}`);
  });
  failed.catch(() => undefined);
  // A server that ended (or a wait that failed) ends the wait too: nothing keeps retrying behind it.
  const waiting = { abandoned: false };
  try {
    await Promise.race([waitUntilReady(address, namespace, opts.retentionDays ?? 30, waiting), failed]);
  } catch (err) {
    waiting.abandoned = true;
    await server.stop();
    throw err;
  }
  progress(`Temporal server: frontend ${address} healthy, namespace ${namespace} and search attributes registered, ${seconds(started)} s after start.`);
  return { address, pid: server.child.pid, logFile, configFile, exited: server.exited, stop: server.stop };
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

export function parsePostgresUrl(url: string): PostgresAdmin {
  const u = new URL(url);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

/** The Temporal role's password: made once, kept in the data directory (0600). */
function rolePassword(dataDir: string): string {
  const file = path.join(dataDir, 'temporal-db.password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The role (its password set to the kept one each time) and its two databases, closed to others. */
async function prepareDatabases(admin: PostgresAdmin, password: string): Promise<void> {
  const sql = postgres({ ...admin, database: 'postgres', max: 1, onnotice: () => {} });
  try {
    const role = await sql`SELECT 1 FROM pg_roles WHERE rolname = ${ROLE}`;
    // CREATE/ALTER ROLE and CREATE DATABASE take no parameters: the names are this module's own.
    await sql.unsafe(`${role.length ? 'ALTER' : 'CREATE'} ROLE ${quoteIdent(ROLE)} LOGIN PASSWORD ${quoteLiteral(password)}`);
    for (const database of Object.values(DATABASES)) {
      const found = await sql`SELECT 1 FROM pg_database WHERE datname = ${database}`;
      if (found.length) continue;
      await sql.unsafe(`CREATE DATABASE ${quoteIdent(database)} OWNER ${quoteIdent(ROLE)} ENCODING 'UTF8'`);
      await sql.unsafe(`REVOKE ALL ON DATABASE ${quoteIdent(database)} FROM PUBLIC`);
    }
  } finally {
    await sql.end();
  }
}

/**
 * `setup-schema -v 0.0` (the version tables; a no-op when they exist), then `update-schema` to
 * the newest version in the schema folder: on a new database the whole schema, on an existing
 * one what a newer server added. As the Temporal role, the password in the environment.
 */
async function setUpSchemas(binaries: TemporalServerBinaries, admin: PostgresAdmin, password: string): Promise<void> {
  const common = ['--plugin', 'postgres12', '--endpoint', admin.host, '--port', String(admin.port), '--user', ROLE];
  for (const [kind, database] of Object.entries(DATABASES)) {
    const versioned = path.join(binaries.schemaDir, kind, 'versioned');
    if (!existsSync(versioned)) throw new Error(`no schema at ${versioned} (TEMPORAL_SCHEMA_DIR is schema/postgresql/v12 of the server's module)`);
    await runTool(binaries.sqlTool, [...common, '--database', database, 'setup-schema', '-v', '0.0'], password);
    await runTool(binaries.sqlTool, [...common, '--database', database, 'update-schema', '-d', versioned], password);
  }
}

function runTool(tool: string, args: string[], password: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SQL_PASSWORD: password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-10_000); };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`temporal-sql-tool ${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

interface ConfigValues {
  host: string;
  ports: TemporalServerPorts;
  admin: PostgresAdmin;
  numHistoryShards: number;
  logLevel: string;
}

/**
 * `<dataDir>/config/klachtflow.yaml` and an (empty) dynamic config beside it. A template: the
 * password comes from the server's environment, never from the file.
 */
function writeConfig(dataDir: string, v: ConfigValues): string {
  const configDir = path.join(dataDir, 'config');
  mkdirSync(configDir, { recursive: true, mode: 0o700 });
  const dynamicConfig = path.join(configDir, 'dynamicconfig.yaml');
  if (!existsSync(dynamicConfig)) {
    writeFileSync(dynamicConfig, [
      '# Temporal dynamic config (https://github.com/temporalio/temporal/blob/v1.29.1/common/dynamicconfig/constants.go),',
      '# read every 10 s. Empty: the defaults. Example:',
      '# frontend.namespaceRPS:',
      '#   - value: 2400',
      '',
    ].join('\n'));
  }
  const datastore = (database: string, maxConns: number) => [
    '      sql:',
    '        pluginName: "postgres12"',
    `        databaseName: "${database}"`,
    `        connectAddr: "${v.admin.host}:${v.admin.port}"`,
    '        connectProtocol: "tcp"',
    `        user: "${ROLE}"`,
    '        password: "{{ env "TEMPORAL_DB_PASSWORD" }}"',
    `        maxConns: ${maxConns}`,
    `        maxIdleConns: ${maxConns}`,
    '        maxConnLifetime: "1h"',
  ];
  const service = (grpcPort: number, membershipPort: number) => [
    '    rpc:',
    `      grpcPort: ${grpcPort}`,
    `      membershipPort: ${membershipPort}`,
    `      bindOnIP: "${v.host}"`,
  ];
  const lines = [
    '# enable-template',
    '# Written by klachtflow (src/infra/temporalServer.ts) at each start: edits here are overwritten.',
    'log:',
    '  stdout: true',
    `  level: ${v.logLevel}`,
    '',
    'persistence:',
    '  defaultStore: postgres-default',
    '  visibilityStore: postgres-visibility',
    `  numHistoryShards: ${v.numHistoryShards}`,
    '  datastores:',
    '    postgres-default:',
    ...datastore(DATABASES.temporal, 20),
    '    postgres-visibility:',
    ...datastore(DATABASES.visibility, 10),
    '',
    'global:',
    '  membership:',
    '    maxJoinDuration: 30s',
    `    broadcastAddress: "${v.host}"`,
    '',
    'services:',
    '  frontend:',
    ...service(v.ports.frontend, v.ports.frontendMembership),
    '  history:',
    ...service(v.ports.history, v.ports.historyMembership),
    '  matching:',
    ...service(v.ports.matching, v.ports.matchingMembership),
    '  worker:',
    ...service(v.ports.worker, v.ports.workerMembership),
    '',
    'clusterMetadata:',
    '  enableGlobalNamespace: false',
    '  failoverVersionIncrement: 10',
    '  masterClusterName: "active"',
    '  currentClusterName: "active"',
    '  clusterInformation:',
    '    active:',
    '      enabled: true',
    '      initialFailoverVersion: 1',
    '      rpcName: "frontend"',
    `      rpcAddress: "${v.host}:${v.ports.frontend}"`,
    '',
    'dcRedirectionPolicy:',
    '  policy: "noop"',
    '',
    'dynamicConfigClient:',
    `  filepath: "${dynamicConfig}"`,
    '  pollInterval: "10s"',
    '',
  ];
  const file = path.join(configDir, `${CONFIG_ENV}.yaml`);
  writeFileSync(file, lines.join('\n'), { mode: 0o600 });
  return file;
}

/** The frontend healthy, the namespace there (registered if new), the search attributes known. */
async function waitUntilReady(address: string, namespace: string, retentionDays: number, waiting: Waiting): Promise<void> {
  const connection = await retry('the frontend to accept connections', () => Connection.connect({ address, connectTimeout: 2_000 }), waiting);
  try {
    await retry('the frontend to report SERVING', async () => {
      const { status: serving } = await connection.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' });
      if (serving !== grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING) throw new Error(`health status ${serving}`);
    }, waiting);
    // The server's own worker service is the last to start; Postgres going away before it polls
    // makes the server exit ("Unable to start worker"). Once it polls, the start is behind it.
    await retry('the server\'s worker service to poll', async () => {
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace: 'temporal-system', taskQueue: { name: 'default-worker-tq' }, taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      if (pollers.length === 0) throw new Error('no poller yet');
    }, waiting);
    await registerNamespace(connection, namespace, retentionDays, waiting);
    await retry(`namespace ${namespace} to be known to the frontend`, () => connection.workflowService.describeNamespace({ namespace }), waiting);
    await retry('the search attributes to be registered', async () => {
      await ensureSearchAttributes(connection, namespace);
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = CASE_SEARCH_ATTRIBUTES.filter((k) => !(k.name in customAttributes));
      if (missing.length) throw new Error(`not listed yet: ${missing.map((k) => k.name).join(', ')}`);
    }, waiting);
  } finally {
    await connection.close();
  }
}

async function registerNamespace(connection: Connection, namespace: string, retentionDays: number, waiting: Waiting): Promise<void> {
  await retry(`namespace ${namespace} to be registered`, async () => {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return; // there already (its retention stays as it was set)
    } catch (err) {
      if ((err as { code?: number }).code !== status.NOT_FOUND) throw err;
    }
    try {
      await connection.workflowService.registerNamespace({
        namespace,
        description: 'Klachtflow',
        workflowExecutionRetentionPeriod: msToTs(`${retentionDays} days`),
      });
      progress(`Temporal server: registered namespace ${namespace} (retention ${retentionDays} days).`);
    } catch (err) {
      if ((err as { code?: number }).code !== status.ALREADY_EXISTS) throw err;
    }
  }, waiting);
}

interface Waiting { abandoned: boolean }

/** Repeats `attempt` until it resolves, for up to two minutes (the services join one by one), or until the wait is abandoned. */
async function retry<T>(what: string, attempt: () => Promise<T>, waiting: Waiting): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (waiting.abandoned) throw new Error(`stopped waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

