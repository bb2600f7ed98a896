-- The customer's personal status link: only a hash of its token is stored.
ALTER TABLE cases ADD COLUMN status_token_hash text;
CREATE UNIQUE INDEX cases_status_token_hash_idx ON cases (status_token_hash);
