import type { Client } from '@temporalio/client';
import type { Sql } from '../db/db';

export interface Health {
  ok: boolean;
  postgres: 'ok' | string;
  temporal: 'ok' | string;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

/** Whether Postgres and the Temporal frontend answer, each within two seconds. */
export async function checkHealth(deps: { sql: Sql; client: Client }): Promise<Health> {
  const [postgres, temporal] = await Promise.all([
    withTimeout(deps.sql`SELECT 1`, 2000).then(() => 'ok', (e: Error) => `unreachable: ${e.message}`),
    withTimeout(deps.client.workflowService.getSystemInfo({}), 2000).then(() => 'ok', (e: Error) => `unreachable: ${e.message}`),
  ]);
  return { ok: postgres === 'ok' && temporal === 'ok', postgres, temporal };
}
