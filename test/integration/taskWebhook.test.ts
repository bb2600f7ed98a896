/** New staff tasks posted to a ticketing tool: a real HTTP server on localhost, signed JSON, retried. */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sql } from '../../src/db/db';
import { createTask } from '../../src/db/tasks';
import { deliverPendingTasks } from '../../src/tasks/webhook';
import { eventually } from '../support/timeSkipping';
import { storeCase } from '../support/cases';
import { testDatabase } from '../support/env';

let sql: Sql;
let server: Server;
let url: string;
const received: { body: string; signature: string | undefined; timestamp: string | undefined }[] = [];
let failNext = 0;

beforeAll(async () => {
  sql = testDatabase();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(503).end();
        return;
      }
      received.push({
        body, signature: req.headers['x-klachtflow-signature'] as string | undefined,
        timestamp: req.headers['x-klachtflow-timestamp'] as string | undefined,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/tasks`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await sql.end();
});

test('a new task is posted as signed JSON, retried after a failure, and delivered once', async () => {
  const record = await storeCase(sql);
  await createTask(sql, {
    reference: record.reference, eventKey: 'triage-1', kind: 'triage', title: `Beoordeel klacht ${record.reference}`,
    titleEn: `Assess complaint ${record.reference}`, role: 'agent', assignee: null, excludeAssignee: null,
    dueAt: record.deadlines.substantiveResponseDue, createdAt: new Date().toISOString(),
  });
  const webhook = { url, secret: 'webhook-secret-0123456789' };
  const ours = () => received.filter((r) => r.body.includes(record.reference));

  const ownRow = async () => (await sql<{ attempts: number; next: Date }[]>`
    SELECT webhook_attempts AS attempts, webhook_next_at AS next FROM tasks WHERE reference = ${record.reference}`)[0]!;
  failNext = 1_000; // the ticketing tool is down
  // Each round takes the 50 oldest due tasks; other tests' tasks may come first in this database.
  const pending = await eventually(async () => {
    await deliverPendingTasks(sql, webhook);
    const row = await ownRow();
    return row.attempts > 0 ? row : undefined;
  }, 'the first attempt');
  expect(ours()).toHaveLength(0);
  expect(pending.attempts).toBe(1);
  expect(pending.next.getTime()).toBeGreaterThan(Date.now());

  failNext = 0;
  await deliverPendingTasks(sql, webhook); // backing off: not yet
  expect(ours()).toHaveLength(0);
  await sql`UPDATE tasks SET webhook_next_at = now() WHERE reference = ${record.reference}`;
  await eventually(async () => {
    await deliverPendingTasks(sql, webhook);
    return ours().length > 0;
  }, 'the delivery');
  await deliverPendingTasks(sql, webhook);

  expect(ours()).toHaveLength(1);
  const [delivery] = ours();
  // Checked as a receiver would, independently of the code under test.
  const expected = createHmac('sha256', webhook.secret).update(`${delivery!.timestamp}.${delivery!.body}`).digest('hex');
  expect(delivery!.signature).toBe(`sha256=${expected}`);
  expect(Math.abs(Number(delivery!.timestamp) - Date.now() / 1000)).toBeLessThan(60);
  expect(JSON.parse(delivery!.body)).toMatchObject({
    event: 'task.created',
    task: { reference: record.reference, kind: 'triage', title: `Beoordeel klacht ${record.reference}`, role: 'agent' },
  });
});
