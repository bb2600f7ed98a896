/**
 * Posts new staff tasks to an external ticketing tool (TASK_WEBHOOK_URL): JSON, signed with
 * HMAC-SHA256 (key TASK_WEBHOOK_SECRET) over "<X-Klachtflow-Timestamp>.<body>", in the header
 * X-Klachtflow-Signature: sha256=<hex>. Undelivered tasks are retried with exponential backoff; delivery runs in
 * the worker process beside the workflows, so a ticketing tool that is down never holds up a case.
 */
import { retryUntil } from '../db/retryUntil';
import { createHmac } from 'node:crypto';
import type { Sql } from '../db/db';
import { logger } from '../logger';

export interface WebhookConfig {
  url: string;
  secret: string;
}

/** HMAC-SHA256 over "<timestamp>.<body>": a receiver can refuse old (replayed) deliveries. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

interface PendingTask {
  id: number;
  reference: string;
  kind: string;
  title: string;
  titleEn: string | null;
  role: string;
  assignee: string | null;
  dueAt: Date | null;
  createdAt: Date;
  attempts: number;
}

/**
 * How long a claimed task is another worker's: longer than one post may take (its 10 s timeout)
 * plus the UPDATE that records it. A worker that dies meanwhile leaves the task to the next
 * worker after this (a receiver sees the same Idempotency-Key again, at worst).
 */
const CLAIM_SECONDS = 60;
/** The outcome is recorded this long before the claim ends, or not by this worker. */
const RECORD_MARGIN_SECONDS = 5;

/**
 * Records a post's outcome, trying again while the claim lasts: Postgres that goes away for a
 * moment right after a post (a restart, a failover) does not make the task go out twice.
 */
async function recordOutcome(claimedAt: number, record: () => Promise<unknown>): Promise<void> {
  return retryUntil(claimedAt + (CLAIM_SECONDS - RECORD_MARGIN_SECONDS) * 1000, record);
}

/** Delivers the tasks that are due for (another) attempt, up to 50; returns how many were delivered. */
export async function deliverPendingTasks(sql: Sql, webhook: WebhookConfig, fetchImpl: typeof fetch = fetch): Promise<number> {
  let delivered = 0;
  for (let round = 0; round < 50; round++) {
    // Several workers deliver at once (npm run start:cluster, docker-compose.yml): each task is
    // claimed first, one at a time (FOR UPDATE SKIP LOCKED, then its next attempt moved past the
    // claim), so that no two workers post the same task.
    const claimedAt = Date.now();
    const [task] = await sql<PendingTask[]>`
      UPDATE tasks SET webhook_next_at = now() + make_interval(secs => ${CLAIM_SECONDS})
      WHERE id = (
        SELECT id FROM tasks
        WHERE webhook_delivered_at IS NULL AND created_at > now() - interval '7 days'
          AND (webhook_next_at IS NULL OR webhook_next_at <= now())
        ORDER BY created_at LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING id::int AS id, reference, kind, title, title_en AS "titleEn", role, assignee, due_at AS "dueAt",
        created_at AS "createdAt", webhook_attempts AS attempts`;
    if (!task) break;
    const body = JSON.stringify({
      event: 'task.created',
      task: {
        id: task.id, reference: task.reference, kind: task.kind, title: task.title, titleEn: task.titleEn,
        role: task.role, assignee: task.assignee, dueAt: task.dueAt?.toISOString() ?? null, createdAt: task.createdAt.toISOString(),
      },
    });
    let ok = false;
    const timestamp = String(Math.floor(Date.now() / 1000));
    try {
      const res = await fetchImpl(webhook.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json', 'X-Klachtflow-Timestamp': timestamp,
          'X-Klachtflow-Signature': signature(webhook.secret, timestamp, body), 'Idempotency-Key': `task-${task.id}`,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      ok = res.ok;
      if (!ok) logger.warn({ task: task.id, status: res.status }, 'task webhook refused');
    } catch (err) {
      logger.warn({ err, task: task.id }, 'task webhook failed');
    }
    if (ok) {
      await recordOutcome(claimedAt, () => sql`
        UPDATE tasks SET webhook_delivered_at = now(), webhook_attempts = webhook_attempts + 1 WHERE id = ${task.id}`);
      delivered += 1;
    } else {
      // 30 s, 1 min, 2 min, ... up to an hour between attempts.
      const seconds = Math.min(3600, 30 * 2 ** task.attempts);
      await recordOutcome(claimedAt, () => sql`UPDATE tasks SET webhook_attempts = webhook_attempts + 1,
        webhook_next_at = now() + make_interval(secs => ${seconds}) WHERE id = ${task.id}`);
    }
  }
  return delivered;
}

/** Runs delivery every few seconds until stopped. */
export function startTaskWebhook(sql: Sql, webhook: WebhookConfig, everyMs = 5_000): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      await deliverPendingTasks(sql, webhook);
    } catch (err) {
      logger.warn({ err }, 'task webhook delivery failed');
    }
    if (!stopped) timer = setTimeout(() => void tick(), everyMs);
  };
  void tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
