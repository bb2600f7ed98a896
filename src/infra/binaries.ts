/**
 * Provides the Temporal binaries on a machine without internet access.
 *
 * The SDK's own download of the dev server and the test server fails here, so each binary
 * is resolved in this order: an explicit environment variable, a program on PATH, a cached
 * build in the cache folder (outside the repo), a fresh build from a package registry
 * (Go module proxy / Maven Central), and only then the SDK's download.
 */
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync, chmodSync, cpSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing/lib/ephemeral-server';

/** The newest Temporal CLI whose go.mod has no `replace` directive (which `go install` refuses). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export function cacheDir(): string {
  return process.env.KLACHTFLOW_CACHE_DIR ?? path.join(homedir(), '.cache', 'klachtflow');
}

export function progress(message: string): void {
  process.stderr.write(`[klachtflow] ${message}\n`);
}

function onPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, program);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Runs a build step; its output is shown only when it fails. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); });
    child.stderr.on('data', (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Dev server: `temporal server start-dev`

export async function resolveTemporalCli(): Promise<EphemeralServerExecutable> {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH points to ${fromEnv}, which does not exist`);
    return { type: 'existing-path', path: fromEnv };
  }
  const fromPath = onPath('temporal');
  if (fromPath) return { type: 'existing-path', path: fromPath };

  const binDir = path.join(cacheDir(), 'bin');
  const cached = path.join(binDir, 'temporal');
  if (existsSync(cached)) return { type: 'existing-path', path: cached };

  const go = onPath('go');
  if (!go) {
    progress('No Go toolchain found: falling back to the Temporal SDK download of the dev server (needs internet).');
    return { type: 'cached-download' };
  }
  progress(`Building the Temporal dev server (go install ${TEMPORAL_CLI_MODULE}) into ${binDir}.`);
  progress('The first build takes 5 to 15 minutes on two cores; later starts reuse it.');
  mkdirSync(binDir, { recursive: true });
  const started = Date.now();
  await run(go, ['install', '-trimpath', '-ldflags', '-s -w', TEMPORAL_CLI_MODULE], {
    ...process.env,
    CGO_ENABLED: '0',
    GOBIN: binDir,
    GOFLAGS: '-mod=mod',
  });
  progress(`Built ${cached} in ${Math.round((Date.now() - started) / 1000)} s.`);
  return { type: 'existing-path', path: cached };
}

// ---------------------------------------------------------------------------------------------
// The Temporal server itself (production topology): temporal-server and temporal-sql-tool

/** The server docker-compose.yml runs (temporalio/server:1.29.1). Its go.mod has no `replace`. */
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

export interface TemporalServerBinaries {
  /** temporal-server (the module's cmd/server). */
  server: string;
  /** temporal-sql-tool (cmd/tools/sql). */
  sqlTool: string;
  /** The module's schema/postgresql/v12: `temporal/versioned` and `visibility/versioned` for update-schema. */
  schemaDir: string;
}

/**
 * The Temporal server, its SQL schema tool and the Postgres schema files of the same version.
 * Each from its environment variable (TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH,
 * TEMPORAL_SCHEMA_DIR), else from a cached build in `<cache>/temporal-server-<version>`, else
 * built there from the Go module proxy. Not from PATH: a `temporal-server` there says nothing of
 * its version, nor where the schema of that version is. No SDK download exists for the server.
 */
export async function resolveTemporalServer(): Promise<TemporalServerBinaries> {
  const fromEnv = (name: string): string | undefined => {
    const value = process.env[name];
    if (value && !existsSync(value)) throw new Error(`${name} points to ${value}, which does not exist`);
    return value || undefined;
  };
  const given = {
    server: fromEnv('TEMPORAL_SERVER_PATH'),
    sqlTool: fromEnv('TEMPORAL_SQL_TOOL_PATH'),
    schemaDir: fromEnv('TEMPORAL_SCHEMA_DIR'),
  };
  const home = path.join(cacheDir(), `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const cached: TemporalServerBinaries = {
    server: path.join(home, 'bin', 'temporal-server'),
    sqlTool: path.join(home, 'bin', 'temporal-sql-tool'),
    schemaDir: path.join(home, 'schema', 'postgresql', 'v12'),
  };
  const resolved = (): TemporalServerBinaries => ({
    server: given.server ?? cached.server, sqlTool: given.sqlTool ?? cached.sqlTool, schemaDir: given.schemaDir ?? cached.schemaDir,
  });
  // The cache folder appears whole (renamed into place) or not at all.
  if ((given.server && given.sqlTool && given.schemaDir) || existsSync(home)) return resolved();

  const go = onPath('go');
  if (!go) {
    throw new Error(
      `the Temporal server ${TEMPORAL_SERVER_VERSION} is not built yet and no Go toolchain was found to build it; ` +
      'set TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH and TEMPORAL_SCHEMA_DIR (schema/postgresql/v12 of the same version)',
    );
  }
  const packages = ['cmd/server', 'cmd/tools/sql'].map((p) => `${TEMPORAL_SERVER_MODULE}/${p}@${TEMPORAL_SERVER_VERSION}`);
  progress(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} (go install ${packages.join(' ')}) into ${home}.`);
  progress('The first build takes about 10 minutes and 1.3 GB of memory on two cores; later starts reuse it.');
  const staging = `${home}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, 'bin'), { recursive: true });
  const started = Date.now();
  try {
    const env = { ...process.env, CGO_ENABLED: '0', GOBIN: path.join(staging, 'bin'), GOFLAGS: '-mod=mod' };
    await run(go, ['install', '-trimpath', '-ldflags', '-s -w', ...packages], env);
    // go install names a binary after its package folder: server and sql.
    renameSync(path.join(staging, 'bin', 'server'), path.join(staging, 'bin', 'temporal-server'));
    renameSync(path.join(staging, 'bin', 'sql'), path.join(staging, 'bin', 'temporal-sql-tool'));
    // The schema files ship in the module, which go install has just put in the module cache.
    const { Dir } = JSON.parse(execFileSync(go, ['mod', 'download', '-json', `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`], {
      env, encoding: 'utf8', cwd: staging,
    })) as { Dir: string };
    // A copy: the module cache may be cleaned (go clean -modcache); its files are read-only.
    cpSync(path.join(Dir, 'schema', 'postgresql', 'v12'), path.join(staging, 'schema', 'postgresql', 'v12'), { recursive: true });
    makeWritable(path.join(staging, 'schema'));
    try {
      renameSync(staging, home);
    } catch (err) {
      if (!existsSync(home)) throw err; // else another process built it meanwhile
      rmSync(staging, { recursive: true, force: true });
    }
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  progress(`Built the Temporal server and temporal-sql-tool in ${home} in ${Math.round((Date.now() - started) / 1000)} s.`);
  return resolved();
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(entryPath);
    else chmodSync(entryPath, statSync(entryPath).mode | 0o200);
  }
}

// ---------------------------------------------------------------------------------------------
// Time-skipping test server: Temporal's Java test server from Maven Central

const TEST_SERVER_POM = path.join(__dirname, 'test-server', 'pom.xml');

/**
 * The SDK runs the executable as `<path> <port> [args]`, waits about 5 s for the port and ends it
 * with SIGKILL. So the wrapper `exec`s the JVM (the kill reaches it, nothing is orphaned) and the
 * JVM starts fast: serial GC, C1 only, and an application class-data-sharing archive.
 */
export async function resolveTestServer(): Promise<EphemeralServerExecutable> {
  const fromEnv = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_TEST_SERVER_PATH points to ${fromEnv}, which does not exist`);
    return { type: 'existing-path', path: fromEnv };
  }
  const fromPath = onPath('temporal-test-server');
  if (fromPath) return { type: 'existing-path', path: fromPath };

  const home = path.join(cacheDir(), 'test-server');
  const wrapper = path.join(home, 'temporal-test-server');
  if (existsSync(wrapper)) return { type: 'existing-path', path: wrapper };

  const mvn = onPath('mvn');
  const java = onPath('java');
  if (!mvn || !java) {
    progress('No Maven or Java found: falling back to the Temporal SDK download of the test server (needs internet).');
    return { type: 'cached-download' };
  }
  const lib = path.join(home, 'lib');
  progress(`Fetching Temporal's time-skipping test server from Maven Central into ${lib}.`);
  mkdirSync(home, { recursive: true });
  await run(mvn, [
    '-q', '-B', '-Dstyle.color=never', '-f', TEST_SERVER_POM,
    'dependency:copy-dependencies', `-DoutputDirectory=${lib}`, '-DincludeScope=runtime',
  ]);
  // An explicit, sorted class path: the CDS archive is only valid for the exact same class path.
  const classPath = readdirSync(lib).filter((f) => f.endsWith('.jar')).sort().map((f) => path.join(lib, f)).join(':');
  const archive = path.join(home, 'app.jsa');
  const jvmFlags = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss512k', '-XX:-UsePerfData'];

  progress(`Recording a class-data-sharing archive for a fast JVM start at ${archive}.`);
  await recordCdsArchive(java, [...jvmFlags, `-XX:ArchiveClassesAtExit=${archive}`, '-cp', classPath], archive);

  const script = [
    '#!/bin/sh',
    '# Generated by klachtflow (src/infra/binaries.ts). Usage: temporal-test-server <port> [args]',
    '# exec: the SDK ends the server with SIGKILL, which must reach the JVM itself.',
    `exec '${java}' ${jvmFlags.join(' ')} -Xshare:auto -XX:SharedArchiveFile='${archive}' -Xlog:cds=off -Xlog:cds+dynamic=off \\`,
    `  -cp '${classPath}' io.temporal.testserver.TestServer "$@"`,
    '',
  ].join('\n');
  const tmp = `${wrapper}.tmp-${process.pid}`;
  writeFileSync(tmp, script);
  chmodSync(tmp, 0o755);
  // The SDK gives the server about 5 seconds to open its port: measure before trusting the wrapper.
  const seconds = await timeStart(tmp);
  if (seconds > 3) progress(`Warning: the test server took ${seconds.toFixed(2)} s to open its port; the SDK waits about 5 s.`);
  renameSync(tmp, wrapper);
  progress(`Test server ready: ${wrapper} (port open ${seconds.toFixed(2)} s after start)`);
  return { type: 'existing-path', path: wrapper };
}

/** Starts the server once as the SDK would, and returns the seconds until its port accepts connections. */
async function timeStart(executable: string): Promise<number> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const started = Date.now();
  const child = spawn(executable, [String(port)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  try {
    while (!(await portOpen(port))) {
      if (child.exitCode !== null) throw new Error(`the test server exited with code ${child.exitCode}`);
      if (Date.now() - started > 30_000) throw new Error('the test server did not open its port within 30 s');
      await new Promise((r) => setTimeout(r, 25));
    }
    return (Date.now() - started) / 1000;
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Starts the server once with -XX:ArchiveClassesAtExit, waits for its port, and stops it. */
async function recordCdsArchive(java: string, args: string[], archive: string): Promise<void> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(java, [...args, 'io.temporal.testserver.TestServer', String(port)], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  let open = false;
  while (!open && Date.now() < deadline && child.exitCode === null) {
    open = await portOpen(port);
    if (!open) await new Promise((r) => setTimeout(r, 200));
  }
  await new Promise((r) => setTimeout(r, 1000));
  child.kill('SIGTERM'); // a normal exit writes the archive
  await exited;
  if (!open) throw new Error('the test server did not start while recording its class-data-sharing archive');
  if (!existsSync(archive)) throw new Error(`the JVM wrote no class-data-sharing archive at ${archive}`);
}

export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}
