-- The customer's answer to the closing email's satisfaction question: one per case.
CREATE TABLE satisfaction (
  reference  text PRIMARY KEY REFERENCES cases (reference),
  score      smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment    text CHECK (length(comment) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now()
);
