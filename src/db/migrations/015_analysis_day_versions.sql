-- The analysis keeps its counts per day of receipt between requests (src/analysis/dayCounts.ts)
-- and must know when a day's cases change. Every statement that writes cases counts, in its own
-- transaction, one change for each Amsterdam day of receipt of the rows it inserted, updated or
-- deleted (before and after the update); identity_changes only where a case came or went or its
-- type, email address, customer number or receipt changed (what the repeat-complainant count of
-- later cases reads). The counters only grow.
CREATE TABLE analysis_day_versions (
  day              date PRIMARY KEY,
  changes          bigint NOT NULL,
  identity_changes bigint NOT NULL
);

CREATE FUNCTION cases_count_day_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Days in date order: concurrent statements take the rows' locks in the same order.
  IF TG_OP = 'INSERT' THEN
    INSERT INTO analysis_day_versions AS v (day, changes, identity_changes)
    SELECT DISTINCT (received_at AT TIME ZONE 'Europe/Amsterdam')::date, 1, 1 FROM new_rows ORDER BY 1
    ON CONFLICT (day) DO UPDATE SET changes = v.changes + 1, identity_changes = v.identity_changes + 1;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO analysis_day_versions AS v (day, changes, identity_changes)
    SELECT DISTINCT (received_at AT TIME ZONE 'Europe/Amsterdam')::date, 1, 1 FROM old_rows ORDER BY 1
    ON CONFLICT (day) DO UPDATE SET changes = v.changes + 1, identity_changes = v.identity_changes + 1;
  ELSE
    INSERT INTO analysis_day_versions AS v (day, changes, identity_changes)
    SELECT day, 1, max(identity) FROM (
      SELECT (o.received_at AT TIME ZONE 'Europe/Amsterdam')::date AS day,
        CASE WHEN EXISTS (SELECT 1 FROM new_rows n WHERE n.reference = o.reference
          AND (n.case_type, n.email, n.customer_number, n.received_at) IS NOT DISTINCT FROM (o.case_type, o.email, o.customer_number, o.received_at))
        THEN 0 ELSE 1 END AS identity
      FROM old_rows o
      UNION ALL
      SELECT (n.received_at AT TIME ZONE 'Europe/Amsterdam')::date,
        CASE WHEN EXISTS (SELECT 1 FROM old_rows o WHERE o.reference = n.reference
          AND (n.case_type, n.email, n.customer_number, n.received_at) IS NOT DISTINCT FROM (o.case_type, o.email, o.customer_number, o.received_at))
        THEN 0 ELSE 1 END
      FROM new_rows n
    ) touched
    GROUP BY day ORDER BY day
    ON CONFLICT (day) DO UPDATE SET changes = v.changes + 1, identity_changes = v.identity_changes + excluded.identity_changes;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER cases_day_changes_insert AFTER INSERT ON cases
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_count_day_changes();
CREATE TRIGGER cases_day_changes_update AFTER UPDATE ON cases
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_count_day_changes();
CREATE TRIGGER cases_day_changes_delete AFTER DELETE ON cases
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cases_count_day_changes();

-- TRUNCATE has no rows to name: every day changed.
CREATE FUNCTION cases_count_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE analysis_day_versions SET changes = changes + 1, identity_changes = identity_changes + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_day_changes_truncate AFTER TRUNCATE ON cases FOR EACH STATEMENT EXECUTE FUNCTION cases_count_truncate();
