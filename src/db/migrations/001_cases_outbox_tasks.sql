-- Cases with the customer's submission. Personal data lives here, never in Temporal.
CREATE TABLE cases (
  reference        text PRIMARY KEY,
  case_type        text NOT NULL CHECK (case_type IN ('complaint', 'feedback')),
  channel          text NOT NULL CHECK (channel IN ('web', 'phone')),
  language         text NOT NULL CHECK (language IN ('nl', 'en')),
  status           text NOT NULL,
  name             text NOT NULL,
  email            text NOT NULL,
  phone            text,
  customer_number  text,
  category         text NOT NULL,
  description      text NOT NULL,
  received_at      timestamptz NOT NULL,
  -- The form's hidden submission id: a double submit finds the case it already created.
  submission_key   text UNIQUE,
  calendar_version text NOT NULL,
  deadlines        jsonb NOT NULL,
  workflow_started_at timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_received_at_idx ON cases (received_at DESC);
CREATE INDEX cases_workflow_pending_idx ON cases (created_at) WHERE workflow_started_at IS NULL;

-- Reference numbers per prefix and year: KL-2026-000001, FB-2026-000001.
CREATE TABLE reference_counters (
  prefix text NOT NULL,
  year   integer NOT NULL,
  last   integer NOT NULL,
  PRIMARY KEY (prefix, year)
);

-- What happened to a case, written by the workflow's activities (the read model of the timeline).
CREATE TABLE case_events (
  id          bigserial PRIMARY KEY,
  reference   text NOT NULL REFERENCES cases (reference),
  event_key   text NOT NULL,
  event       text NOT NULL,
  occurred_at timestamptz NOT NULL,
  actor       text NOT NULL,
  detail      jsonb NOT NULL DEFAULT '{}',
  UNIQUE (reference, event_key)
);

-- Every email, written before it is sent: at most one per case and event.
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  reference     text NOT NULL REFERENCES cases (reference),
  event_key     text NOT NULL,
  template      text NOT NULL,
  language      text NOT NULL,
  to_address    text NOT NULL,
  subject       text NOT NULL,
  text_body     text NOT NULL,
  html_body     text NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'stored')),
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  message_id    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz,
  UNIQUE (reference, event_key)
);

-- Staff tasks created by the workflow (triage, escalations, ...).
CREATE TABLE tasks (
  id          bigserial PRIMARY KEY,
  reference   text NOT NULL REFERENCES cases (reference),
  event_key   text NOT NULL,
  kind        text NOT NULL,
  title       text NOT NULL,
  due_at      timestamptz,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  assignee    text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (reference, event_key)
);
CREATE INDEX tasks_open_due_idx ON tasks (due_at) WHERE status = 'open';
