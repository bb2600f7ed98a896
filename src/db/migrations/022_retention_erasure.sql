-- Retention and erasure (AVG/GDPR): a case whose period has passed, or whose erasure an
-- administrator carried out, keeps only what the figures count (src/db/retention.ts).
-- had_email and repeat_complaint keep two facts that the figures read from the email address and
-- customer number (the 24-hour confirmation and the satisfaction question count only cases with
-- an address; a repeat complaint is one whose customer complained before), frozen before those
-- are removed.
ALTER TABLE cases
  ADD COLUMN anonymised_at     timestamptz,
  ADD COLUMN anonymised_reason text CHECK (anonymised_reason IN ('retention', 'erasure')),
  ADD COLUMN had_email         boolean,
  ADD COLUMN repeat_complaint  boolean,
  -- The customer's status link is derived from the reference and this version: staff revoke a
  -- link by raising it (the customer is emailed the new one); 0 is the link as first issued.
  ADD COLUMN status_token_version integer NOT NULL DEFAULT 0;
CREATE INDEX cases_retention_idx ON cases (closed_at) WHERE anonymised_at IS NULL AND closed_at IS NOT NULL;

-- An email's text and address are removed some time after delivery; the row (event, template,
-- status, dates) stays, so that an email is still never sent twice.
ALTER TABLE outbox ADD COLUMN body_removed_at timestamptz;
CREATE INDEX outbox_retention_idx ON outbox (coalesce(sent_at, created_at)) WHERE body_removed_at IS NULL;

CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX status_form_nonces_created_idx ON status_form_nonces (created_at);

-- The status link is never stored in clear: the outbox keeps a placeholder that the send replaces
-- (activities/email.ts). Emails written before keep theirs no more.
UPDATE outbox SET
  text_body = regexp_replace(text_body, 'https?://[^\s<>"]+/status/[A-Za-z0-9_-]{32}(\?lang=en)?', 'https://klachtflow.invalid/statuslink', 'g'),
  html_body = regexp_replace(html_body, 'https?://[^\s<>"]+/status/[A-Za-z0-9_-]{32}(\?lang=en)?', 'https://klachtflow.invalid/statuslink', 'g')
WHERE text_body ~ '/status/[A-Za-z0-9_-]{32}';
