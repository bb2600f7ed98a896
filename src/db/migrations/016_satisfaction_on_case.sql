-- The customer's satisfaction answer on the case row as well (score and moment), kept in step
-- by a trigger on satisfaction: the analysis then reads only columns of cases, so it counts the
-- answers per day of receipt with the other figures and keeps those counts between requests
-- (src/analysis/dayCounts.ts); writing the case row counts a change of its day (migration 015).
ALTER TABLE cases ADD COLUMN satisfaction_score smallint CHECK (satisfaction_score BETWEEN 1 AND 5),
  ADD COLUMN satisfied_at timestamptz;

-- The update trigger of migration 015 pairs old and new rows by a correlated lookup: fine for the
-- few rows the projection writes, quadratic for a statement over many. Pair them by a join.
CREATE OR REPLACE FUNCTION cases_count_day_changes() RETURNS trigger LANGUAGE plpgsql AS $$
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
      SELECT unnest(ARRAY[(o.received_at AT TIME ZONE 'Europe/Amsterdam')::date, (n.received_at AT TIME ZONE 'Europe/Amsterdam')::date]) AS day,
        CASE WHEN (n.case_type, n.email, n.customer_number, n.received_at) IS NOT DISTINCT FROM (o.case_type, o.email, o.customer_number, o.received_at)
        THEN 0 ELSE 1 END AS identity
      FROM old_rows o FULL JOIN new_rows n ON n.reference = o.reference
    ) touched
    WHERE day IS NOT NULL
    GROUP BY day ORDER BY day
    ON CONFLICT (day) DO UPDATE SET changes = v.changes + 1, identity_changes = v.identity_changes + excluded.identity_changes;
  END IF;
  RETURN NULL;
END $$;

UPDATE cases SET satisfaction_score = s.score, satisfied_at = s.created_at
  FROM satisfaction s WHERE s.reference = cases.reference;

CREATE FUNCTION satisfaction_to_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE cases SET satisfaction_score = NULL, satisfied_at = NULL
      WHERE reference IN (SELECT reference FROM old_rows);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    UPDATE cases SET satisfaction_score = n.score, satisfied_at = n.created_at
      FROM new_rows n WHERE n.reference = cases.reference;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER satisfaction_to_case_insert AFTER INSERT ON satisfaction
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION satisfaction_to_case();
CREATE TRIGGER satisfaction_to_case_update AFTER UPDATE ON satisfaction
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION satisfaction_to_case();
CREATE TRIGGER satisfaction_to_case_delete AFTER DELETE ON satisfaction
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION satisfaction_to_case();
