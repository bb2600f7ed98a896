/**
 * Fault run: Postgres goes away right after the SMTP server accepted a message. The worker's
 * database connection runs through a TCP proxy (test/support/tcpProxy.ts) that the test SMTP
 * server cuts the moment a message arrives, before it answers 250; it comes back 12 seconds later.
 * The email activity must keep trying to record the delivery for as long as its attempt may run,
 * not give up after a few seconds and leave the row 'sending' (after the lease it would go out a
 * second time). Prints its figures.
 */
import { listOutbox } from '../../src/db/outbox';
import { connectDatabase, type Sql } from '../../src/db/db';
import { caseStateQuery } from '../../workflows';
import { storeCase } from '../support/cases';
import { testDatabase } from '../support/env';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy';
import { caseEnvironment, eventually, type CaseEnvironment } from '../support/timeSkipping';

const DOWN_MS = 12_000;

let direct: Sql;
let proxied: Sql;
let proxy: TcpProxy;
let smtp: TestSmtpServer;
let ts: CaseEnvironment;

beforeAll(async () => {
  direct = testDatabase();
  const url = new URL(process.env.KF_TEST_DATABASE_URL!);
  proxy = await startTcpProxy(url.hostname, Number(url.port));
  url.port = String(proxy.port);
  proxied = connectDatabase(url.toString(), 4);
  smtp = await startSmtpServer();
  ts = await caseEnvironment(proxied, smtp.url);
});

afterAll(async () => {
  await ts?.teardown();
  await proxied?.end({ timeout: 1 });
  await proxy?.close();
  await smtp?.close();
  await direct?.end();
});

test('Postgres down for 12 s right after the SMTP server accepted the confirmation: recorded as sent, mailed once', async () => {
  let cutAt = 0;
  let restoredAt = 0;
  smtp.beforeAccept = () => {
    if (cutAt) return;
    cutAt = Date.now();
    proxy.cut();
    setTimeout(() => {
      restoredAt = Date.now();
      proxy.restore();
    }, DOWN_MS);
  };
  const record = await storeCase(direct, { receivedAt: new Date(await ts.env.currentTimeMs()) });
  const handle = await ts.start(record);

  const message = await eventually(async () => {
    const [m] = await listOutbox(direct, record.reference);
    return m?.status === 'sent' ? m : undefined;
  }, 'the confirmation recorded as sent', 90_000);
  expect(cutAt).toBeGreaterThan(0);
  expect(restoredAt).toBeGreaterThan(cutAt);
  await eventually(async () => (await handle.query(caseStateQuery)).acknowledged, 'the acknowledgement');
  // Give a second send (after the lease) no chance to hide: the one attempt recorded it.
  expect(message.attempts).toBe(1);
  const mails = smtp.received.filter((m) => m.subject?.includes(record.reference));
  expect(mails).toHaveLength(1);
  process.stdout.write(`\nEmail fault run: Postgres unreachable for ${((restoredAt - cutAt) / 1000).toFixed(1)} s after the SMTP server `
    + `accepted the message; recorded as sent after ${attempted(message)}; ${mails.length} email delivered\n`);
  await handle.terminate('test done');
});

function attempted(m: { attempts: number }): string {
  return `${m.attempts} activity attempt${m.attempts === 1 ? '' : 's'}`;
}
