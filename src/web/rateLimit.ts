/**
 * Rate limits that every web process shares: express-rate-limit decides per request,
 * rate-limiter-flexible keeps the counts in Postgres (table rate_limits, migration 021), through
 * the app's own connection pool. Two processes behind one proxy count the same address once.
 */
import { rateLimit, type Options, type Store } from 'express-rate-limit';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { PREPARED, type Sql } from '../db/db';

/** What RateLimiterPostgres needs of a client: query({ text, values }) → { rows, rowCount }. */
function queryClient(sql: Sql) {
  return {
    query: async ({ text, values }: { text: string; values?: unknown[] }) => {
      const rows = await sql.unsafe(text, (values ?? []) as never[], PREPARED);
      return { rows, rowCount: rows.count };
    },
  };
}

class PostgresStore implements Store {
  readonly localKeys = false;
  private readonly limiter: RateLimiterPostgres;

  constructor(sql: Sql, readonly prefix: string, windowMs: number) {
    this.limiter = new RateLimiterPostgres({
      storeClient: queryClient(sql), storeType: 'client', tableName: 'rate_limits', tableCreated: true,
      keyPrefix: prefix, points: Number.MAX_SAFE_INTEGER, duration: Math.ceil(windowMs / 1000),
    });
  }

  async increment(key: string) {
    // A penalty counts a hit without refusing: express-rate-limit compares the count with the limit.
    const res = await this.limiter.penalty(key, 1);
    return { totalHits: res.consumedPoints, resetTime: new Date(Date.now() + Math.max(res.msBeforeNext, 0)) };
  }

  async decrement(key: string) {
    await this.limiter.reward(key, 1);
  }

  async resetKey(key: string) {
    await this.limiter.delete(key);
  }
}

export interface SharedLimit extends Partial<Omit<Options, 'store' | 'windowMs' | 'limit'>> {
  /** Names the limit in the store: unique per limit. */
  name: string;
  windowMs: number;
  limit: number;
}

/**
 * A limit per address shared by the web processes of one `scope` (all of one installation; a test
 * gives each app its own). Standard `RateLimit` headers, none of the legacy ones.
 */
export function sharedRateLimit(sql: Sql, scope: string, { name, windowMs, limit, ...options }: SharedLimit) {
  return rateLimit({
    standardHeaders: 'draft-8', legacyHeaders: false, ...options, windowMs, limit,
    store: new PostgresStore(sql, `${scope}:${name}`, windowMs),
  });
}
