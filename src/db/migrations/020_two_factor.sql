-- Two-factor sign-in with a time-based code (TOTP, RFC 6238). The secret is set when its owner
-- starts setting it up and counts once a first code confirmed it (totp_enabled_at). Each code
-- works once: totp_last_step is the time step of the last code accepted.
ALTER TABLE staff
  ADD COLUMN totp_secret text,
  ADD COLUMN totp_enabled_at timestamptz,
  ADD COLUMN totp_last_step bigint;
-- A session whose password was right but whose code is still to come reaches only the code page.
ALTER TABLE staff_sessions ADD COLUMN second_factor_pending boolean NOT NULL DEFAULT false;
