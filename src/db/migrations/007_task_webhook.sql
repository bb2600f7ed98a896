-- Delivery of new tasks to an external ticketing tool, retried with backoff.
ALTER TABLE tasks ADD COLUMN webhook_attempts integer NOT NULL DEFAULT 0, ADD COLUMN webhook_next_at timestamptz;
CREATE INDEX tasks_webhook_pending_idx ON tasks (created_at) WHERE webhook_delivered_at IS NULL;
