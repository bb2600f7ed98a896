-- The rate limits of every web process, shared (src/web/rateLimit.ts): one row per limit and
-- address, in the layout rate-limiter-flexible's RateLimiterPostgres reads and writes.
CREATE TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
