-- An objection review excludes everyone who handled the case or recorded its outcome.
ALTER TABLE tasks ALTER COLUMN exclude_assignee TYPE text[]
  USING CASE WHEN exclude_assignee IS NULL THEN NULL ELSE ARRAY[exclude_assignee] END;
ALTER TABLE audit_log ALTER COLUMN staff_email DROP NOT NULL;
