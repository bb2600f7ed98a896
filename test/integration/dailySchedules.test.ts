/**
 * The daily Schedules (continuous analysis at 06:00, retention at 03:00, Amsterdam time) are made
 * by one helper: created on the first start, brought in step on the next, never doubled.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { ensureDailySchedule } from '../../src/reports/schedules';
import { devServerAddress, testEncryption } from '../support/env';

let client: Client;

beforeAll(async () => {
  client = new Client({ connection: await Connection.connect({ address: devServerAddress() }), dataConverter: testEncryption().dataConverter });
});

afterAll(() => client?.connection.close());

test('a daily Schedule is created once and updated after, at its hour in Amsterdam, without overlapping runs', async () => {
  const scheduleId = `daily-test-${randomUUID().slice(0, 8)}`;
  const o = { scheduleId, hour: 3, comment: 'test', workflowType: 'retentionWorkflow', taskQueue: 'daily-schedule-test' };
  expect(await ensureDailySchedule(client, o)).toBe('created');
  expect(await ensureDailySchedule(client, { ...o, hour: 4 })).toBe('updated');
  const handle = client.schedule.getHandle(scheduleId);
  const described = await handle.describe();
  expect(described.spec.timezone).toBe('Europe/Amsterdam');
  expect(described.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 4, end: 4, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
  expect(described.policies.overlap).toBe('SKIP');
  expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'retentionWorkflow', workflowId: `${scheduleId}-run` });
  await handle.delete();
});
