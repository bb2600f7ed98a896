-- Continuous analysis: a finding that belongs to no single case (a category's volume, the breach
-- rate) becomes a coordinator's task without a case; one per finding key, whatever the reruns.
ALTER TABLE tasks ALTER COLUMN reference DROP NOT NULL;
CREATE UNIQUE INDEX tasks_finding_key_idx ON tasks (event_key) WHERE reference IS NULL;
