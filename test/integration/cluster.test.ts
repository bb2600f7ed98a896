/**
 * The production topology (`npm run start:cluster`, docker-compose.yml) for real, under load and
 * faults: the test's own embedded Postgres, the real Temporal server on it (SQL visibility), two
 * worker processes and two web processes of Klachtflow, supervised as start:cluster supervises
 * them (src/infra/localStack.ts), emails to a real SMTP server, new tasks to a webhook receiver.
 *
 * A CRM submits 40 cases through POST /api/cases, five at once, alternating between the two web
 * ports, each with an Idempotency-Key of its own; on a connection error or a 5xx it retries the
 * same key on the other port. Meanwhile: the Temporal server is stopped and started again on the
 * same databases; one worker and one web process are killed (SIGKILL; the supervisor restarts
 * them, across the outage that follows, while the survivors carry the load); Postgres is stopped
 * for 30 s and started again on the same data directory. Then every case must be stored once,
 * its workflow running, its acknowledgement received once by the SMTP server and its triage task
 * posted (at least once, under its own Idempotency-Key), none left in 'received', the deadlines
 * and NextDeadline in Temporal equal to those in Postgres, and no process crashed but through
 * postgres.js's known crashes when Postgres goes away (see the assertions). The figures are
 * printed in one line.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { connectDatabase, type Sql } from '../../src/db/db';
import type { CaseDeadlines } from '../../src/domain/case';
import {
  startEmbeddedPostgres, superviseProcess, waitForHealthy, WEB_ENTRY, WORKER_ENTRY, type SupervisedProcess,
} from '../../src/infra/localStack';
import { startTemporalServer, type TemporalServerHandle } from '../../src/infra/temporalServer';
import { caseStateQuery } from '../../src/temporal/caseMessages';
import { newEncryptionKey, temporalEncryption } from '../../src/temporal/codec';
import { NextDeadline } from '../../src/temporal/searchAttributes';
import { workflowBundle } from '../support/env';
import { freePort } from '../support/globalSetup';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

jest.setTimeout(300_000);

const CASES = 40;
const AT_ONCE = 5;
/** A case starts at most every this often: the faults happen while requests are under way. */
const PACE_MS = 150;
const POSTGRES_OUTAGE_MS = 30_000;
const NAMESPACE = 'default';
const TASK_QUEUE = 'klachtflow';
const MAIL_DOMAIN = 'example.nl';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

/** Polls `check` until it returns something other than undefined, every 250 ms, for up to `timeoutMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(250);
  }
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive free ports (the Temporal server takes eight), below the range
 * the system hands out to outgoing connections and to freePort (32768 and up on Linux).
 */
async function freePorts(count: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const base = 10_000 + Math.floor(Math.random() * 20_000);
    const free = await Promise.all(Array.from({ length: count }, (_, i) => portFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports found`);
}

/**
 * The workers' way to the SMTP server: a TCP relay that can hold new sessions back and wait until
 * those under way have ended (`quiet`), and let the held ones through again (`resume`). It also
 * ends the server's side of a session cleanly when a killed worker's connection is reset (which
 * smtp-server would report as an 'error' event that test/support/smtp.ts does not listen to).
 */
async function startSmtpRelay(smtpPort: number) {
  const active = new Set<net.Socket>();
  const held: net.Socket[] = [];
  let holding = false;
  const relay = (client: net.Socket) => {
    if (client.destroyed) return;
    const upstream = net.connect(smtpPort, '127.0.0.1');
    upstream.on('error', () => undefined);
    active.add(client);
    client.pipe(upstream).pipe(client);
    client.on('close', () => {
      active.delete(client);
      upstream.end();
    });
    upstream.on('close', () => client.destroy());
  };
  const server = net.createServer((client) => {
    client.on('error', () => undefined);
    if (holding) held.push(client);
    else relay(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async quiet() {
      holding = true;
      await until('the SMTP sessions under way to end', () => (active.size === 0 ? true : undefined), 30_000);
    },
    resume() {
      holding = false;
      for (const client of held.splice(0)) relay(client);
    },
    close: () => new Promise<void>((resolve) => {
      for (const client of [...active, ...held]) client.destroy();
      server.close(() => resolve());
    }),
  };
}

/**
 * The uncaught errors that ended a process, from the processes' log (Node prints its version after
 * each), and whether postgres.js threw it.
 */
function processCrashes(log: string): { postgresJs: boolean; error: string }[] {
  return log.split(/^Node\.js v[\d.]+$/m).slice(0, -1).map((before) => {
    const lines = before.trimEnd().split('\n').slice(-20);
    return {
      postgresJs: lines.some((line) => line.includes('node_modules/postgres/')),
      error: lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.at(-1) ?? '',
    };
  });
}

interface Submitted { key: string; reference?: string; email: string }

test('two workers and two web processes on the real Temporal server carry 40 cases through killed processes, a Temporal restart and a Postgres outage', async () => {
  const testStarted = Date.now();
  // 0755 (mkdtemp makes 0700): as root, Postgres runs as the postgres user (src/db/embeddedPostgres.ts).
  const dir = mkdtempSync(path.join(tmpdir(), 'klachtflow-cluster-'));
  chmodSync(dir, 0o755);
  const processLog = path.join(dir, 'processes.log');
  const logFd = openSync(processLog, 'a');
  const pgDir = path.join(dir, 'postgres');
  let pg: { url: string; stop(): Promise<void> } | undefined;
  let temporal: TemporalServerHandle | undefined;
  let smtp: TestSmtpServer | undefined;
  let smtpRelay: Awaited<ReturnType<typeof startSmtpRelay>> | undefined;
  let hooks: Server | undefined;
  let connection: Connection | undefined;
  let sql: Sql | undefined;
  const processes: SupervisedProcess[] = [];
  const timings: string[] = [];
  /** Servers that ended when the test did not stop them. */
  const unexpected: string[] = [];
  let finished = false;
  try {
    const [temporalPort, pgPort, webA, webB] = [await freePorts(8), await freePort(), await freePort(), await freePort()];
    expect(new Set([pgPort, webA, webB]).size).toBe(3);
    // In a process of its own, as start:cluster runs it (persistent: the same data directory after a restart).
    const startPostgres = () => startEmbeddedPostgres(pgDir, pgPort, (_name, how) => unexpected.push(`postgres ended (${how})`));

    // The webhook receiver: every task post, by task id, and any post whose Idempotency-Key is not
    // the task's own. Delivery is at least once: a worker killed (or a database gone) between the
    // post and recording it leaves the task to be posted again, under the same key, which the
    // receiver uses to see it had it already.
    const posted = new Map<number, number>();
    const wrongKeys: string[] = [];
    const webhookTraffic = { open: 0, last: 0 };
    hooks = createServer((req, res) => {
      webhookTraffic.open += 1;
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString(); });
      req.on('end', () => {
        const { task } = JSON.parse(body) as { task: { id: number } };
        posted.set(task.id, (posted.get(task.id) ?? 0) + 1);
        if (req.headers['idempotency-key'] !== `task-${task.id}`) wrongKeys.push(`task ${task.id}: ${String(req.headers['idempotency-key'])}`);
        res.writeHead(204).end();
      });
      res.on('close', () => {
        webhookTraffic.open -= 1;
        webhookTraffic.last = Date.now();
      });
    });
    await new Promise<void>((resolve) => hooks!.listen(0, '127.0.0.1', resolve));

    // The workflow code bundled once, for all worker starts (worker.ts reads WORKFLOW_BUNDLE_PATH).
    const bundleFile = path.join(dir, 'workflow-bundle.js');
    const bundled = workflowBundle().then(({ code }) => writeFileSync(bundleFile, code));
    smtp = await startSmtpServer();
    smtpRelay = await startSmtpRelay(Number(new URL(smtp.url).port));
    pg = await startPostgres();
    let phase = Date.now();
    const startTemporal = async () => {
      const server = await startTemporalServer({ postgres: pg!.url, dataDir: path.join(dir, 'temporal'), port: temporalPort, logLevel: 'warn' });
      void server.exited.then((how) => { if (temporal === server && !finished) unexpected.push(`temporal-server ended (${how})`); });
      return server;
    };
    temporal = await startTemporal();
    timings.push(`temporal-server up ${seconds(phase)} s`);

    const encryptionKeys = newEncryptionKey('cluster-1');
    const apiKey = randomBytes(24).toString('hex');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: NAMESPACE, TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      KLACHTFLOW_ENCRYPTION_KEYS: encryptionKeys, CSRF_SECRET: randomBytes(32).toString('hex'),
      STATUS_TOKEN_SECRET: randomBytes(32).toString('hex'), INTAKE_API_KEY: apiKey,
      SMTP_URL: `smtp://127.0.0.1:${smtpRelay.port}`, MAIL_FROM: `Klachtflow <klachten@${MAIL_DOMAIN}>`, PUBLIC_BASE_URL: `http://localhost:${webA}`,
      TASK_WEBHOOK_URL: `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/tasks`, TASK_WEBHOOK_SECRET: randomBytes(16).toString('hex'),
      WORKFLOW_BUNDLE_PATH: bundleFile, LOG_LEVEL: 'warn',
    };
    await bundled;
    phase = Date.now();
    const output = { stdout: logFd, stderr: logFd };
    const workers = [1, 2].map((i) => superviseProcess(`worker ${i}`, WORKER_ENTRY, env, output));
    const webs = [webA, webB].map((port) => superviseProcess(`web ${port}`, WEB_ENTRY, { ...env, PORT: String(port) }, output));
    processes.push(...webs, ...workers);

    connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, namespace: NAMESPACE, dataConverter: temporalEncryption({ encryptionKeys }).dataConverter });
    /** The process ids of the workers polling the case task queue (a worker's identity is pid@host). */
    const pollingPids = async (): Promise<number[]> => {
      const { pollers } = await connection!.workflowService.describeTaskQueue({
        namespace: NAMESPACE, taskQueue: { name: TASK_QUEUE }, taskQueueType: 1, // workflow tasks
      });
      return pollers.map((p) => Number(p.identity?.split('@')[0]));
    };
    const polling = (worker: SupervisedProcess) => async () => ((await pollingPids()).includes(worker.current().child.pid!) ? true : undefined);
    await Promise.all([
      ...[webA, webB].map((port) => waitForHealthy(`http://127.0.0.1:${port}/healthz`)),
      ...workers.map((w) => until(`${w.name} polling`, polling(w), 120_000)),
    ]);
    timings.push(`2 workers and 2 webs up ${seconds(phase)} s`);

    // ---------------------------------------------------------------------------------------------
    // The CRM's load, and the faults while it runs.

    const figures = { fiveXx: 0, connectionErrors: 0, retries: 0 };
    const submitted: Submitted[] = Array.from({ length: CASES }, (_, i) => ({
      key: `crm-${randomBytes(6).toString('hex')}-${i}`, email: `klant-${i}@${MAIL_DOMAIN}`,
    }));
    let done = 0;
    // Cases from `from` on wait until their fault has begun, so that each fault meets requests under way.
    const gates = [10, 20, 30].map((from) => {
      let open!: () => void;
      const opened = new Promise<void>((resolve) => { open = resolve; });
      return { from, open, opened };
    });
    const submit = async (i: number) => {
      const s = submitted[i]!;
      const body = JSON.stringify({
        caseType: i % 2 ? 'feedback' : 'complaint', name: `Klant ${i}`, email: s.email, category: 'other',
        description: `Melding ${i} van de clustertest.`,
      });
      let port = i % 2 ? webB : webA;
      const giveUp = Date.now() + 150_000;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) {
          figures.retries += 1;
          port = port === webA ? webB : webA; // as a CRM would: the other web process
          await sleep(Math.min(250 * 2 ** (attempt - 1), 2_000));
        }
        if (Date.now() > giveUp || finished) throw new Error(`case ${i} not accepted within 150 s`);
        let res: Response;
        try {
          res = await fetch(`http://127.0.0.1:${port}/api/cases`, {
            method: 'POST', body, signal: AbortSignal.timeout(20_000),
            headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', 'Idempotency-Key': s.key },
          });
        } catch {
          figures.connectionErrors += 1;
          continue;
        }
        if (res.status >= 500) {
          figures.fiveXx += 1;
          await res.arrayBuffer();
          continue;
        }
        const answer = (await res.json()) as { reference?: string };
        if (res.status !== 201 && res.status !== 200) throw new Error(`case ${i}: ${res.status} ${JSON.stringify(answer)}`);
        s.reference = answer.reference;
        done += 1;
        return;
      }
    };
    const loadStarted = Date.now();
    let next = 0;
    const load = Promise.all(Array.from({ length: AT_ONCE }, async () => {
      while (next < CASES) {
        const i = next++;
        await Promise.all(gates.filter((g) => g.from <= i).map((g) => g.opened));
        await sleep(Math.max(0, loadStarted + i * PACE_MS - Date.now()));
        await submit(i);
      }
    }));

    const killed = [workers[0]!, webs[0]!];
    const survivors = [workers[1]!, webs[1]!];
    const faults = (async () => {
      // 1. The Temporal server stops and starts again on the same databases.
      await until('8 cases', () => (done >= 8 ? true : undefined));
      phase = Date.now();
      const stopping = temporal!;
      temporal = undefined;
      await stopping.stop();
      gates[0]!.open();
      temporal = await startTemporal();
      timings.push(`temporal-server restart ${seconds(phase)} s`);

      // 2. A worker and a web process die; the supervisor restarts them (they come back across the
      // Postgres outage below, with backoff), the survivors carry the load meanwhile.
      // Killed between an external send and its record, a worker sends again after its lease (the
      // at-least-once corner that emailWorkerKilled.test.ts measures): here the kill falls where no
      // email or task post is under way, so that every second copy counted is one that should not be.
      await until('18 cases', () => (done >= 18 ? true : undefined));
      await smtpRelay!.quiet();
      await until('a moment without task posts', () => (
        webhookTraffic.open === 0 && Date.now() - webhookTraffic.last > 300 ? true : undefined), 30_000);
      await sleep(300); // the last sends recorded
      for (const p of killed) p.current().child.kill('SIGKILL');
      smtpRelay!.resume();
      gates[1]!.open();

      // 3. Postgres stops for 30 s and starts again on the same data directory.
      await until('28 cases', () => (done >= 28 ? true : undefined));
      await pg!.stop();
      phase = Date.now();
      gates[2]!.open();
      await sleep(POSTGRES_OUTAGE_MS);
      pg = await startPostgres();
      timings.push(`postgres outage ${seconds(phase)} s`);
    })();
    await Promise.all([load, faults]);
    timings.push(`load ${seconds(loadStarted)} s`);

    // ---------------------------------------------------------------------------------------------
    // Every case once, all the way through.

    sql = connectDatabase(pg.url, 2);
    const references = submitted.map((s) => s.reference!);
    const ackId = (reference: string) => `<${reference}.acknowledgement@${MAIL_DOMAIN}>`;
    const acks = () => {
      const count = new Map<string, number>();
      for (const mail of smtp!.received) if (mail.messageId) count.set(mail.messageId, (count.get(mail.messageId) ?? 0) + 1);
      return count;
    };
    phase = Date.now();
    const settled = async () => {
      const [{ received } = { received: -1 }] = await sql!<{ received: number }[]>`SELECT count(*)::int AS received FROM cases WHERE status = 'received'`;
      const tasks = await sql!<{ id: number }[]>`SELECT id::int AS id FROM tasks`;
      const acked = acks();
      return received === 0 && references.every((r) => acked.has(ackId(r))) && tasks.length >= CASES && tasks.every((t) => posted.has(t.id))
        ? true : undefined;
    };
    await Promise.all([
      // The killed worker and web process are back: restarted, polling and healthy.
      until('the killed worker and web process back', async () => (
        killed.every((p) => p.restarts() > 0) && (await polling(workers[0]!)()) && (await fetch(`http://127.0.0.1:${webA}/healthz`)).ok
          ? true : undefined), 90_000).then(() => timings.push(`killed worker and web back ${seconds(phase)} s after the load`)),
      until('every case acknowledged and its task posted', settled, 120_000).then(
        () => timings.push(`every case settled ${seconds(phase)} s after the load`),
        (err: Error) => timings.push(`NOT settled: ${err.message}`),
      ),
    ]);

    const rows = await sql<{ reference: string; key: string; status: string; deadlines: CaseDeadlines; nextDeadline: Date | null }[]>`
      SELECT reference, submission_key AS key, status, deadlines, next_deadline AS "nextDeadline" FROM cases`;
    const tasks = await sql<{ id: number; reference: string }[]>`SELECT id::int AS id, reference FROM tasks`;
    const acked = acks();
    const mismatches: string[] = [];
    const doubles: string[] = [];
    let lost = 0;
    let doubled = 0;
    for (const s of submitted) {
      const stored = rows.filter((r) => r.key === `api:${s.key}`);
      const row = stored[0];
      const emails = s.reference ? acked.get(ackId(s.reference)) ?? 0 : 0;
      if (stored.length > 1 || emails > 1) {
        doubled += Math.max(0, stored.length - 1) + Math.max(0, emails - 1);
        doubles.push(`${s.reference ?? s.key}: stored ${stored.length}, acknowledgements ${emails}`);
      }
      if (!row || !s.reference || row.reference !== s.reference || emails === 0) {
        lost += 1;
        mismatches.push(`${s.key}: stored ${stored.length}, reference ${s.reference}, acknowledgements ${emails}`);
        continue;
      }
      const handle = client.workflow.getHandle(s.reference);
      const [description, state] = await Promise.all([handle.describe(), handle.query(caseStateQuery)]);
      if (description.status.name !== 'RUNNING') {
        lost += 1;
        mismatches.push(`${s.reference}: workflow ${description.status.name}`);
      }
      if (JSON.stringify(state.deadlines) !== JSON.stringify(row.deadlines)) {
        mismatches.push(`${s.reference}: deadlines in Temporal ${JSON.stringify(state.deadlines)}, in Postgres ${JSON.stringify(row.deadlines)}`);
      }
      const searchable = description.typedSearchAttributes.get(NextDeadline);
      if (!searchable || searchable.getTime() !== row.nextDeadline?.getTime()) {
        mismatches.push(`${s.reference}: NextDeadline ${searchable?.toISOString()}, next_deadline in Postgres ${row.nextDeadline?.toISOString()}`);
      }
    }
    // A task posted again (same Idempotency-Key) is the webhook's at-least-once delivery, counted apart.
    const reposted = [...posted.values()].reduce((n, times) => n + times - 1, 0);
    expect(wrongKeys).toEqual([]);
    const unposted = tasks.filter((t) => !posted.has(t.id)).length;
    const wedged = rows.filter((r) => r.status === 'received').length;
    const restarts = [...killed, ...survivors].map((p) => `${p.name} ${p.restarts()}`).join(', ');
    const crashes = processCrashes(readFileSync(processLog, 'utf8'));
    const postgresJsCrashes = crashes.filter((c) => c.postgresJs).length;

    console.log(
      `cluster: cases ${CASES}, lost ${lost}, doubled ${doubled}, wedged ${wedged}, 5xx ${figures.fiveXx} ` +
      `(connection errors ${figures.connectionErrors}, retries ${figures.retries}, tasks posted ${posted.size}/${tasks.length} (${reposted} posted again under their key), ` +
      `restarts: ${restarts}, postgres.js crashes ${postgresJsCrashes}; ${timings.join(', ')}; ${seconds(testStarted)} s in all)`,
    );
    expect(mismatches).toEqual([]);
    expect({ stored: rows.length, lost, wedged, unposted }).toEqual({ stored: CASES, lost: 0, wedged: 0, unposted: 0 });
    // No process crashed but through postgres.js 3.4.9 when Postgres closed its connections
    // (porsager/postgres#1154, #1208: an uncaught TypeError in nextWrite, or an unhandled
    // CONNECTION_CLOSED); the processes that were not killed restarted only after such a crash.
    expect(crashes.filter((c) => !c.postgresJs).map((c) => c.error)).toEqual([]);
    expect(survivors.filter((p) => p.restarts() > 0).length).toBeLessThanOrEqual(postgresJsCrashes);
    // A worker that crashed between an email's 250 and its record sends it again after the lease
    // (same Message-ID): without such a crash, no case has a second row or a second acknowledgement.
    if (postgresJsCrashes === 0) expect({ doubled, doubles }).toEqual({ doubled: 0, doubles: [] });
    expect(unexpected).toEqual([]);
  } catch (err) {
    // What the processes and the Temporal server said, kept for the failure's reader.
    const kept = path.join(__dirname, '..', '..', 'test-artifacts', 'cluster', new Date().toISOString().replace(/[:.]/g, '-'));
    mkdirSync(kept, { recursive: true });
    for (const log of [processLog, path.join(dir, 'temporal', 'temporal-server.log')]) {
      if (!existsSync(log)) continue;
      copyFileSync(log, path.join(kept, path.basename(log)));
      const tail = readFileSync(log, 'utf8').split('\n').slice(-25).map((line) => line.slice(0, 300));
      process.stderr.write(`--- ${log} (kept in ${kept}), its last lines:\n${tail.join('\n')}\n`);
    }
    throw err;
  } finally {
    finished = true;
    await sql?.end();
    await connection?.close();
    await Promise.allSettled(processes.map((p) => p.stop()));
    await temporal?.stop();
    await pg?.stop();
    await smtpRelay?.close();
    await smtp?.close();
    await new Promise((resolve) => (hooks ? hooks.close(resolve) : resolve(undefined)));
    closeSync(logFd);
    // As root the cluster lives elsewhere, pgDir a link to it (src/db/embeddedPostgres.ts).
    const link = lstatSync(pgDir, { throwIfNoEntry: false });
    if (link?.isSymbolicLink()) rmSync(path.resolve(dir, readlinkSync(pgDir)), { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
