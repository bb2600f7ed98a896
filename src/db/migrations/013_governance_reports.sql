-- Governance reports (procedure promise 5): bodies that receive them on a Temporal Schedule, the
-- reports with a frozen copy of their figures and their PDF, and one delivery per recipient.
CREATE TABLE governance_bodies (
  id          bigserial PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  recipients  text[] NOT NULL CHECK (cardinality(recipients) BETWEEN 1 AND 50),
  language    text NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en')),
  frequency   text NOT NULL CHECK (frequency IN ('monthly', 'quarterly', 'yearly')),
  sections    text[] NOT NULL CHECK (cardinality(sections) >= 1),
  -- The hour (Europe/Amsterdam) on the first day after the period at which the report goes out.
  send_hour   integer NOT NULL DEFAULT 7 CHECK (send_hour BETWEEN 0 AND 23),
  active      boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE governance_reports (
  id           bigserial PRIMARY KEY,
  body_id      bigint NOT NULL REFERENCES governance_bodies (id),
  period_from  date NOT NULL,
  period_to    date NOT NULL,
  language     text NOT NULL,
  sections     text[] NOT NULL,
  -- The figures as sent, small cells suppressed: a report never changes when the read model does.
  figures      jsonb NOT NULL,
  pdf          bytea,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- Once per body and period: a retried or re-triggered run finds the report it made.
  UNIQUE (body_id, period_from, period_to)
);

CREATE TABLE governance_report_deliveries (
  id          bigserial PRIMARY KEY,
  report_id   bigint NOT NULL REFERENCES governance_reports (id),
  recipient   text NOT NULL,
  -- 0 for the scheduled send; 1, 2 ... for each resend an administrator asks for.
  round       integer NOT NULL DEFAULT 0,
  status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'stored', 'failed')),
  attempts    integer NOT NULL DEFAULT 0,
  last_error  text,
  lease_until timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  sent_at     timestamptz,
  UNIQUE (report_id, recipient, round)
);

-- The report recipients the settings page used to keep become the first body (monthly, all sections).
INSERT INTO governance_bodies (name, recipients, frequency, sections)
SELECT 'Directie', ARRAY(SELECT jsonb_array_elements_text(value)), 'monthly',
       ARRAY['volume', 'timeliness', 'outcomes', 'customers', 'improvements', 'trends']
FROM settings WHERE key = 'reportRecipients' AND jsonb_typeof(value) = 'array' AND jsonb_array_length(value) > 0;
DELETE FROM settings WHERE key = 'reportRecipients';

-- Members of a governance body may sign in to see the analysis: aggregates only, never a case.
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('agent', 'team-lead', 'coordinator', 'admin', 'governance'));
