/**
 * `npm start` itself, as a person runs it: everything comes up from an empty data folder, a
 * submission becomes a workflow with its confirmation in the outbox, Ctrl-C stops it all, and
 * the next start finds the case again. Ports and the data folder are the test's own; the data
 * folder is made by npm start, in a folder only its owner can enter (as a clone in root's home).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { connectDatabase } from '../../src/db/db';
import { freePort } from '../support/globalSetup';

const ROOT = path.join(__dirname, '..', '..');
jest.setTimeout(240_000);

interface Started { child: ChildProcess; output: () => string; stopped: Promise<number | null> }

function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'start.ts')], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { output += c.toString(); });
  const stopped = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (output.includes('Klachtflow is running')) {
        clearInterval(timer);
        resolve({ child, output: () => output, stopped });
      }
    }, 200);
    void stopped.then((code) => {
      clearInterval(timer);
      reject(new Error(`npm start ended (${code}) before it was running:\n${output}`));
    });
  });
}

test('npm start runs the whole system, stops cleanly on Ctrl-C, and finds every case again', async () => {
  const home = mkdtempSync(path.join(tmpdir(), 'klachtflow-start-')); // 0700
  const dataDir = path.join(home, '.data');
  let relocated: string | undefined;
  const [web, pg, temporal, ui] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const env = {
    KLACHTFLOW_DATA_DIR: dataDir, PORT: String(web), EMBEDDED_PG_PORT: String(pg),
    DEV_SERVER_PORT: String(temporal), DEV_SERVER_UI_PORT: String(ui), LOG_LEVEL: 'warn',
    DATABASE_URL: '', TEMPORAL_ADDRESS: '', CSRF_SECRET: '', STATUS_TOKEN_SECRET: '', KLACHTFLOW_ENCRYPTION_KEYS: '',
  };
  const base = `http://127.0.0.1:${web}`;
  try {
    const first = await npmStart(env);
    expect(first.output()).toContain(`Admin area (staff):   http://localhost:${web}/admin`);
    expect(first.output()).toMatch(/DEVELOPMENT administrator admin@localhost, password \S+/);
    const health = await request(base).get('/healthz').expect(200);
    expect(health.body).toEqual({ ok: true, postgres: 'ok', temporal: 'ok' });
    // The data folder is its owner's alone.
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(dataDir).uid).toBe(process.getuid!());
    if (process.getuid!() === 0) {
      // As root, Postgres runs as the postgres user, in a cluster of its own that .data links to.
      relocated = readlinkSync(path.join(dataDir, 'postgres'));
      expect(relocated.startsWith('/var/lib/klachtflow/clusters/')).toBe(true);
      expect(statSync(relocated).mode & 0o777).toBe(0o700);
      expect(statSync(relocated).uid).not.toBe(0);
    } else {
      expect(lstatSync(path.join(dataDir, 'postgres')).isDirectory()).toBe(true);
    }

    const agent = request.agent(base);
    const form = await agent.get('/').expect(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
    const submissionId = /name="submissionId" value="([^"]+)"/.exec(form.text)![1];
    const sent = await agent.post('/').type('form').send({
      _csrf: token, submissionId, lang: 'nl', caseType: 'complaint', name: 'Start Test', email: 'start@example.nl',
      category: 'other', description: 'Een melding om npm start te controleren.',
    }).expect(303);
    const reference = sent.headers.location!.split('/').pop()!;

    const connection = await Connection.connect({ address: `127.0.0.1:${temporal}` });
    const description = await new Client({ connection }).workflow.getHandle(reference).describe();
    expect(description.status.name).toBe('RUNNING');
    await connection.close();
    // Its payloads are encrypted with the development key that npm start made and kept for its owner only.
    const secrets = path.join(dataDir, 'secrets.json');
    expect(statSync(secrets).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(secrets, 'utf8')).KLACHTFLOW_ENCRYPTION_KEYS).toMatch(/^dev-1:[A-Za-z0-9+/]{43}=$/);
    // Temporal Web is served to signed-in staff through the web app; its codec endpoint decrypts for them only.
    await request(base).get('/admin/temporal/namespaces/default/workflows').expect(303).expect('location', /^\/admin\/inloggen/);
    await request(base).post('/admin/codec/decode').send({ payloads: [] }).expect(401);
    expect(first.output()).toContain(`Temporal Web:         http://localhost:${web}/admin/temporal/namespaces/default/workflows`);
    // The embedded database's password was generated at its first start, kept beside it for its owner only.
    const passwordFile = path.join(dataDir, 'postgres.password');
    expect(statSync(passwordFile).mode & 0o777).toBe(0o600);
    const password = readFileSync(passwordFile, 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const sql = connectDatabase(`postgres://klachtflow:${password}@127.0.0.1:${pg}/klachtflow`, 1);
    // Written, then sent (here: stored, no mail server): wait for the send, not only the row.
    for (let i = 0; i < 100 && (await sql`SELECT 1 FROM outbox WHERE reference = ${reference} AND status <> 'pending'`).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await sql`SELECT template, status FROM outbox WHERE reference = ${reference}`).toEqual([{ template: 'acknowledgement', status: 'stored' }]);
    await sql.end();

    first.child.kill('SIGINT'); // Ctrl-C
    expect(await first.stopped).toBe(0);
    expect(first.output()).toContain('Stopped.');
    await expect(fetch(`${base}/healthz`)).rejects.toThrow(); // nothing left listening

    const second = await npmStart(env);
    expect(second.output()).not.toContain('DEVELOPMENT administrator');
    const reconnected = await Connection.connect({ address: `127.0.0.1:${temporal}` });
    const again = await new Client({ connection: reconnected }).workflow.getHandle(reference).describe();
    expect(again.status.name).toBe('RUNNING');
    await reconnected.close();
    second.child.kill('SIGTERM');
    expect(await second.stopped).toBe(0);
  } finally {
    rmSync(home, { recursive: true, force: true });
    if (relocated) rmSync(relocated, { recursive: true, force: true });
  }
});
