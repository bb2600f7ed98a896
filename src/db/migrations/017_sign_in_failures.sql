-- Failed sign-ins, each with its moment: an account is locked while it has 5 failures in the last
-- 15 minutes, an address while it has 20 (src/db/staff.ts). A window, not a counter that only a
-- success resets: a few attempts an hour can no longer keep an account locked for ever.
CREATE TABLE sign_in_failures (
  id    bigserial PRIMARY KEY,
  email text NOT NULL,
  ip    text,
  at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sign_in_failures_email_idx ON sign_in_failures (email, at);
CREATE INDEX sign_in_failures_ip_idx ON sign_in_failures (ip, at);

-- A session ends after 8 hours, and after 30 minutes without a request.
ALTER TABLE staff_sessions ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now();
