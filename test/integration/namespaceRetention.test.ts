/**
 * The worker sets how long Temporal keeps closed workflows (setNamespaceRetention, the setting
 * `workflowHistoryDays`): against the run's dev server, on a namespace of this test's own (the
 * dev server is shared by the whole run), read back with describeNamespace.
 */
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { msToTs, tsToMs } from '@temporalio/common/lib/time';
import { setNamespaceRetention } from '../../src/retention/schedule';
import { devServerAddress } from '../support/env';

let connection: Connection;
const namespace = `retention-test-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  connection = await Connection.connect({ address: devServerAddress() });
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
});

afterAll(() => connection?.close());

const retentionDays = async () => {
  const { config } = await connection.workflowService.describeNamespace({ namespace });
  return tsToMs(config!.workflowExecutionRetentionTtl!) / 86_400_000;
};

test('sets the namespace retention in days (1 to 3650, as the settings allow) and returns what it was; the same value again changes nothing', async () => {
  expect(await retentionDays()).toBe(1);
  expect(await setNamespaceRetention(connection, namespace, 45)).toBe(1);
  expect(await retentionDays()).toBe(45);
  expect(await setNamespaceRetention(connection, namespace, 45)).toBe(45);
  expect(await setNamespaceRetention(connection, namespace, 3650)).toBe(45);
  expect(await retentionDays()).toBe(3650);
  // The settings page's bounds (1..3650 days) are both accepted.
  expect(await setNamespaceRetention(connection, namespace, 1)).toBe(3650);
  expect(await retentionDays()).toBe(1);
});
