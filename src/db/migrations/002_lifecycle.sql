-- The full lifecycle: phone cases (email optional), the case's policy and read-model columns kept
-- current by the workflow, public and internal timeline entries, task routing, and a lease that
-- keeps two attempts from sending the same email at once.
ALTER TABLE cases ALTER COLUMN email DROP NOT NULL;
ALTER TABLE cases
  ADD COLUMN registered_by text,
  ADD COLUMN policy        jsonb,
  ADD COLUMN handler       text,
  ADD COLUMN next_deadline timestamptz,
  ADD COLUMN breaches      text[] NOT NULL DEFAULT '{}',
  ADD COLUMN closure       text,
  ADD COLUMN closed_at     timestamptz;
CREATE INDEX cases_status_idx ON cases (status);
CREATE INDEX cases_next_deadline_idx ON cases (next_deadline) WHERE next_deadline IS NOT NULL;

ALTER TABLE case_events
  ADD COLUMN seq        integer,
  ADD COLUMN visibility text NOT NULL DEFAULT 'internal' CHECK (visibility IN ('public', 'internal')),
  ADD COLUMN body       text;

ALTER TABLE tasks
  ADD COLUMN title_en          text,
  ADD COLUMN role              text NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'team-lead', 'coordinator')),
  ADD COLUMN exclude_assignee  text,
  ADD COLUMN completed_at      timestamptz;

ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'stored'));
ALTER TABLE outbox ADD COLUMN lease_until timestamptz;
