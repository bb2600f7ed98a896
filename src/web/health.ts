import type { Client } from '@temporalio/client';
import type { Sql } from '../db/db';
import { logger } from '../logger';

export interface Health {
  ok: boolean;
  postgres: 'ok' | 'unreachable';
  temporal: 'ok' | 'unreachable';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);
}

/** Whether Postgres and the Temporal frontend answer, each within two seconds (details go to the log only). */
export async function checkHealth(deps: { sql: Sql; client: Client }): Promise<Health> {
  const probe = (name: string, check: Promise<unknown>) =>
    withTimeout(check, 2000).then(() => 'ok' as const, (err: Error) => {
      logger.warn({ err }, `${name} unreachable`);
      return 'unreachable' as const;
    });
  const [postgres, temporal] = await Promise.all([
    probe('postgres', deps.sql`SELECT 1`),
    probe('temporal', deps.client.workflowService.getSystemInfo({})),
  ]);
  return { ok: postgres === 'ok' && temporal === 'ok', postgres, temporal };
}
