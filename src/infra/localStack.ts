/**
 * What `npm start` (src/cli/start.ts) and `npm run start:cluster` (src/cli/startCluster.ts)
 * share: the app's processes run from their TypeScript entry points (a crashed worker or web
 * process restarted with backoff, `superviseProcess`), the embedded Postgres in a child process,
 * the development secrets kept in the data folder, and the wait for a web process's health.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newEncryptionKey } from '../temporal/codec';
import { progress } from './binaries';
import { spawnManaged, type ManagedProcess } from './processes';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The entry points of the app's two kinds of process. */
export const WORKER_ENTRY = path.join(ROOT, 'worker.ts');
export const WEB_ENTRY = path.join(ROOT, 'src', 'web', 'server.ts');

/** Where a child's output goes: the terminal (default), a pipe (read by the caller), or an open file. */
export type Output = 'inherit' | 'pipe' | number;

export interface ProcessOptions {
  args?: string[];
  /** Node's own options (before the entry point). */
  nodeArgs?: string[];
  stdout?: Output;
  stderr?: Output;
}

/** Runs a TypeScript entry point in its own Node process; `onExit` when it ends before it is stopped. */
export function startProcess(
  name: string, entry: string, env: NodeJS.ProcessEnv, onExit: (name: string, how: string) => void, o: ProcessOptions = {},
): ManagedProcess {
  const proc = spawnManaged(process.execPath, [...(o.nodeArgs ?? []), '--import', 'tsx', entry, ...(o.args ?? [])], {
    env, stdio: ['ignore', o.stdout ?? 'inherit', o.stderr ?? 'inherit'], cwd: ROOT,
  });
  let stopped = false;
  void proc.exited.then((how) => { if (!stopped) onExit(name, how); });
  return { ...proc, stop: async () => { stopped = true; await proc.stop(); } };
}

export interface SupervisedProcess {
  name: string;
  /** The process running now (a new one after each restart). */
  current(): ManagedProcess;
  /** How often it was restarted. */
  restarts(): number;
  /** Stops it for good (and any restart still waiting). */
  stop(): Promise<void>;
}

export interface RestartPolicy {
  /** The wait before the first restart, doubled at each crash in a row ... */
  firstDelayMs: number;
  /** ... up to this. */
  maxDelayMs: number;
  /** A process that ran this long before it crashed is restarted after `firstDelayMs` again. */
  resetAfterMs: number;
}

/**
 * The worker's heap, set explicitly (WORKER_HEAP_MB, 1024 by default, as in docker-compose.yml):
 * room for its cache of WORKER_CACHED_WORKFLOWS workflows (about 0.25 MB each) and the activities.
 */
export function workerNodeArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  const mb = Number(env.WORKER_HEAP_MB ?? 1024);
  if (!Number.isInteger(mb) || mb < 256) throw new Error(`WORKER_HEAP_MB must be a whole number of megabytes, 256 or more (it is ${env.WORKER_HEAP_MB})`);
  return [`--max-old-space-size=${mb}`];
}

export interface StackControl {
  /** What to stop, in the order it was started: stopped in reverse. */
  stops: Array<() => Promise<void>>;
  /** Stops everything in reverse order, then exits with `code` (once, however often it is called). */
  stopAll(code: number): Promise<void>;
  /** A part the stack cannot do without ended: say so and stop everything. */
  crashed(name: string, how: string): void;
}

/**
 * The life of a local stack (`npm start`, `npm run start:cluster`): Ctrl-C (SIGINT, SIGTERM,
 * SIGHUP) stops everything in reverse order, and so does a crashed part it cannot do without.
 */
export function stackControl(): StackControl {
  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    progress('Stopping ...');
    for (const stop of stops.reverse()) await stop().catch((err) => progress(`while stopping: ${(err as Error).message}`));
    progress('Stopped.');
    process.exit(code);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stopAll(0));
  return {
    stops,
    stopAll,
    crashed(name, how) {
      if (stopping) return;
      progress(`${name} ended unexpectedly (${how}).`);
      void stopAll(1);
    },
  };
}

export const RESTART_POLICY: RestartPolicy = { firstDelayMs: 1_000, maxDelayMs: 30_000, resetAfterMs: 60_000 };

/**
 * Runs an entry point and restarts it when it ends unexpectedly (a crash, an out-of-memory kill),
 * after 1 s, then 2, 4, ... up to 30 s while it keeps crashing; after a minute up, the next crash
 * waits 1 s again. Each crash and restart is a progress line. The app's workers and web processes
 * hold no state of their own (cases live in Postgres and Temporal), so a restarted one simply
 * carries on; meanwhile the others (or Temporal's retries) carry the load.
 */
export function superviseProcess(
  name: string, entry: string, env: NodeJS.ProcessEnv, o: ProcessOptions & { policy?: RestartPolicy } = {},
): SupervisedProcess {
  const policy = o.policy ?? RESTART_POLICY;
  let stopped = false;
  let restarts = 0;
  let delay = policy.firstDelayMs;
  let timer: NodeJS.Timeout | undefined;
  let startedAt = Date.now();
  const launch = (): ManagedProcess => {
    startedAt = Date.now();
    return startProcess(name, entry, env, crashed, o);
  };
  function crashed(_name: string, how: string): void {
    if (stopped) return;
    const upMs = Date.now() - startedAt;
    if (upMs >= policy.resetAfterMs) delay = policy.firstDelayMs;
    progress(`${name} (pid ${current.child.pid}) ended unexpectedly (${how}) after ${(upMs / 1000).toFixed(1)} s: restarting it in ${delay / 1000} s.`);
    const wait = delay;
    delay = Math.min(delay * 2, policy.maxDelayMs);
    timer = setTimeout(() => {
      timer = undefined;
      if (stopped) return;
      restarts += 1;
      current = launch();
      progress(`${name}: restarted (pid ${current.child.pid}, restart ${restarts}).`);
    }, wait);
  }
  let current = launch();
  return {
    name,
    current: () => current,
    restarts: () => restarts,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current.stop();
    },
  };
}

/** The embedded Postgres in its own process (src/cli/embeddedPostgres.ts), which prints its URL when ready. */
export async function startEmbeddedPostgres(
  dataDir: string, port: number, onExit: (name: string, how: string) => void,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const pg = startProcess('postgres', path.join(ROOT, 'src', 'cli', 'embeddedPostgres.ts'), process.env, onExit,
    { args: [dataDir, String(port)], stdout: 'pipe' });
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    pg.child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const match = /^READY (\S+)$/m.exec(buffered);
      if (match) resolve(match[1]!);
    });
    void pg.exited.then((how) => reject(new Error(`embedded Postgres ended (${how}) before it was ready`)));
  });
  return { url, stop: pg.stop };
}

const DEVELOPMENT_SECRETS = ['CSRF_SECRET', 'STATUS_TOKEN_SECRET', 'KLACHTFLOW_ENCRYPTION_KEYS'] as const;

/**
 * CSRF_SECRET, STATUS_TOKEN_SECRET and KLACHTFLOW_ENCRYPTION_KEYS from the environment; when
 * unset, made once and kept in <data dir>/secrets.json (0600), so that forms, status links and
 * the encrypted Temporal payloads survive a restart.
 */
export function developmentSecrets(dataDir: string): Record<(typeof DEVELOPMENT_SECRETS)[number], string> {
  const file = path.join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<Record<string, string>>) : {};
  const make = { CSRF_SECRET: () => randomBytes(32).toString('hex'), STATUS_TOKEN_SECRET: () => randomBytes(32).toString('hex'),
    KLACHTFLOW_ENCRYPTION_KEYS: () => newEncryptionKey('dev-1') };
  const secrets = Object.fromEntries(DEVELOPMENT_SECRETS.map((name) => [name, process.env[name] || stored[name] || make[name]()])) as
    Record<(typeof DEVELOPMENT_SECRETS)[number], string>;
  if (DEVELOPMENT_SECRETS.some((name) => !process.env[name])) {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    progress(`Secrets: development secrets kept in ${file}; set ${DEVELOPMENT_SECRETS.join(', ')} in production.`);
  }
  return secrets;
}

/** Resolves when `url` answers 200 (a web process's /healthz: its Postgres and Temporal reachable); fails after `timeoutMs`. */
/** A database address to print: the password masked. */
export function withoutPassword(databaseUrl: string): string {
  return databaseUrl.replace(/:[^:@/]+@/, ':***@');
}

export async function waitForHealthy(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = await res.text();
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the web app did not become healthy: ${last}`);
}
