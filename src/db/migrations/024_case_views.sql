-- Who has a case page open: the case page warns when a colleague looked at the same case in the
-- last minutes. Rows older than a day are removed as new views come in (src/db/caseViews.ts).
CREATE TABLE case_views (
  reference text NOT NULL REFERENCES cases (reference) ON DELETE CASCADE,
  staff_id  bigint NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  seen_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (reference, staff_id)
);
CREATE INDEX case_views_seen_idx ON case_views (seen_at);
