-- Staff accounts, server-side sessions, the audit log, and the administrators' settings.
CREATE TABLE staff (
  id              bigserial PRIMARY KEY,
  email           text NOT NULL UNIQUE,
  name            text NOT NULL,
  role            text NOT NULL CHECK (role IN ('agent', 'team-lead', 'coordinator', 'admin')),
  password_hash   text NOT NULL,
  active          boolean NOT NULL DEFAULT true,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- Only a hash of the session token is stored; the cookie holds the token.
CREATE TABLE staff_sessions (
  token_hash  text PRIMARY KEY,
  staff_id    bigint NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  ip          text
);
CREATE INDEX staff_sessions_expires_idx ON staff_sessions (expires_at);

-- Every staff action: who, what, when, from which address.
CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  staff_id   bigint REFERENCES staff (id),
  staff_email text NOT NULL,
  action     text NOT NULL,
  reference  text REFERENCES cases (reference),
  ip         text,
  detail     jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_reference_idx ON audit_log (reference, at);

-- Settings for new cases: closure days, policy values, report recipients.
CREATE TABLE settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text
);

ALTER TABLE tasks ADD COLUMN completed_by text, ADD COLUMN webhook_delivered_at timestamptz;
CREATE INDEX tasks_assignee_idx ON tasks (assignee) WHERE status = 'open';

-- Case list: filters and search over 100,000 cases.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX cases_handler_idx ON cases (handler);
CREATE INDEX cases_search_idx ON cases USING gin ((lower(name) || ' ' || lower(coalesce(email, ''))) gin_trgm_ops);
