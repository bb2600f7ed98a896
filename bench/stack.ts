/**
 * The bench's running system, made of the project's own parts: the Temporal dev server (SQLite
 * in WAL mode, in a file, as `npm start` runs it), and the worker and web processes as production
 * runs them (Dockerfile): compiled by `npm run build` (dist/worker.js with its prebuilt workflow
 * bundle, dist/src/web/server.js), against a given PostgreSQL database. Under tsx (`npm start`)
 * the same worker spends about a fifth more CPU per case: tsx and its source maps load in every
 * workflow thread too. Beside it, a worker of the bare baseline workflows
 * (bench/workflows/bare.ts) on a task queue of its own, in this process.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { startDevServer, type DevServerHandle } from '../src/infra/devServer';
import { spawnManaged, type ManagedProcess } from '../src/infra/processes';
import { newEncryptionKey, temporalEncryption } from '../src/temporal/codec';

const ROOT = path.resolve(__dirname, '..');
export const CASE_QUEUE = 'klachtflow';
export const BARE_QUEUE = 'bench-bare';

export interface BenchStack {
  /** The web app, e.g. http://127.0.0.1:31234 */
  webUrl: string;
  apiKey: string;
  /** Encrypting client, as the web app has. */
  client: Client;
  /** A client with the SDK's default converter, for the bare baseline. */
  bareClient: Client;
  /** The secret of the status links, to open a case's status page as its customer does. */
  statusTokenSecret: string;
  pids: { worker: number; web: number; server: number };
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Resident memory of a process (VmRSS), in MiB. */
export function residentMiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** The compiled entry points (npm run build), as the Dockerfile starts them. */
const ENTRIES = { worker: 'dist/worker.js', web: 'dist/src/web/server.js' } as const;

let built = false;
/** `npm run build`, once per bench run: the measured code is the working tree's. */
export function buildOnce(): void {
  if (built) return;
  process.stdout.write('Building (npm run build) ...\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  built = true;
}

function node(entry: string, env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ManagedProcess {
  const proc = spawnManaged(process.execPath, [...nodeArgs, path.join(ROOT, entry)], {
    env, stdio: ['ignore', 'ignore', 'pipe'], cwd: ROOT,
  });
  let tail = '';
  proc.child.stderr!.on('data', (chunk: Buffer) => { tail = (tail + chunk.toString()).slice(-4000); });
  void proc.exited.then((how) => { if (!stopping.has(proc)) process.stderr.write(`[bench] ${entry} ended (${how}):\n${tail}\n`); });
  return proc;
}
const stopping = new Set<ManagedProcess>();

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function startStack(o: {
  databaseUrl: string; dir: string; workerEnv?: NodeJS.ProcessEnv;
  /** Node's own options per process (--cpu-prof, say). */
  nodeArgs?: { worker?: string[]; web?: string[] };
}): Promise<BenchStack> {
  const server: DevServerHandle = await startDevServer({ port: await freePort(), dbFile: path.join(o.dir, 'temporal.sqlite') });
  const webPort = await freePort();
  const apiKey = randomBytes(24).toString('base64url');
  const encryptionKeys = newEncryptionKey('bench-1');
  const statusTokenSecret = randomBytes(32).toString('hex');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: o.databaseUrl, TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: CASE_QUEUE,
    PORT: String(webPort), PUBLIC_BASE_URL: `http://127.0.0.1:${webPort}`, LOG_LEVEL: 'warn',
    CSRF_SECRET: randomBytes(32).toString('hex'), STATUS_TOKEN_SECRET: statusTokenSecret,
    KLACHTFLOW_ENCRYPTION_KEYS: encryptionKeys, INTAKE_API_KEY: apiKey,
  };
  buildOnce();
  const worker = node(ENTRIES.worker, { ...env, ...o.workerEnv }, o.nodeArgs?.worker);
  const web = node(ENTRIES.web, env, o.nodeArgs?.web);
  const webUrl = `http://127.0.0.1:${webPort}`;
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection, dataConverter: temporalEncryption({ encryptionKeys }).dataConverter });
  const bareClient = new Client({ connection });
  await until('web app', async () => (await fetch(`${webUrl}/healthz`)).ok);
  await until('worker', async () => {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: 'default', taskQueue: { name: CASE_QUEUE }, taskQueueType: 1,
    });
    return pollers.length > 0;
  });
  const bareConnection = await NativeConnection.connect({ address: server.address });
  const bareWorker = await Worker.create({
    connection: bareConnection, taskQueue: BARE_QUEUE, workflowsPath: require.resolve('./workflows/bare'),
  });
  const bareRunning = bareWorker.run();
  return {
    webUrl, apiKey, client, bareClient, statusTokenSecret,
    pids: { worker: worker.child.pid!, web: web.child.pid!, server: server.pid! },
    async stop() {
      bareWorker.shutdown();
      await bareRunning;
      await bareConnection.close();
      await connection.close();
      for (const p of [web, worker]) { stopping.add(p); await p.stop(); }
      await server.stop();
    },
  };
}

/** CPU time (user + system) a process has used, in ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime: clock ticks of 10 ms
}

/** CPU time of the PostgreSQL server on `port` and its backends, ms. */
export function postgresCpuMs(port: number): number {
  const procs: { pid: number; ppid: number; cmdline: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1]);
      procs.push({ pid: Number(entry), ppid, cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8') });
    } catch { /* ended meanwhile */ }
  }
  const postmaster = procs.find((p) => p.cmdline.includes(`\0-p\0${port}\0`));
  if (!postmaster) return NaN;
  let total = 0;
  for (const p of procs) {
    if (p.pid !== postmaster.pid && p.ppid !== postmaster.pid) continue;
    try { total += cpuMs(p.pid); } catch { /* ended meanwhile */ }
  }
  return total;
}
