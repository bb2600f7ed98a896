-- What a submission said, hashed: a retried request with the same idempotency key must say the same.
ALTER TABLE cases ADD COLUMN submission_hash text;
