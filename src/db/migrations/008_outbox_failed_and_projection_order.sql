-- An email refused for good is marked failed (not left pending); the read model keeps only the
-- newest snapshot of a case, whatever order retried writes arrive in.
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sending', 'sent', 'stored', 'failed'));
ALTER TABLE cases ADD COLUMN projected_seq integer NOT NULL DEFAULT 0;
-- Used status links, so that a double click sends one message.
CREATE TABLE status_form_nonces (
  nonce      text PRIMARY KEY,
  reference  text NOT NULL REFERENCES cases (reference),
  created_at timestamptz NOT NULL DEFAULT now()
);
