-- Analysis and governance reports (procedure promise 5): every figure is SQL over the read model.
-- The workflow's projection keeps these columns current; they hold no free text.
ALTER TABLE cases
  ADD COLUMN acknowledged_at            timestamptz,
  ADD COLUMN responded_at               timestamptz,
  ADD COLUMN resolved_at                timestamptz,
  ADD COLUMN acknowledgement_due        timestamptz,
  ADD COLUMN response_due               timestamptz,
  ADD COLUMN resolution_due             timestamptz,
  -- Working days after the receipt date up to and including the date of the response / outcome.
  ADD COLUMN working_days_to_response   integer,
  ADD COLUMN working_days_to_resolution integer,
  ADD COLUMN complex                    boolean NOT NULL DEFAULT false,
  ADD COLUMN objected_at                timestamptz,
  ADD COLUMN objection_upheld           boolean,
  ADD COLUMN justified                  text CHECK (justified IN ('justified', 'partly', 'unjustified')),
  ADD COLUMN root_cause                 text,
  -- Feedback that staff turned into a complaint: case_type is then 'complaint'.
  ADD COLUMN converted_at               timestamptz;

UPDATE cases SET
  acknowledgement_due = (deadlines->>'acknowledgementDue')::timestamptz,
  response_due = (deadlines->>'substantiveResponseDue')::timestamptz,
  resolution_due = (deadlines->>'resolutionDue')::timestamptz;
UPDATE cases c SET
  acknowledged_at = (SELECT min(occurred_at) FROM case_events e WHERE e.reference = c.reference AND e.event = 'acknowledgement-sent'),
  responded_at = (SELECT min(occurred_at) FROM case_events e WHERE e.reference = c.reference
                  AND e.event IN ('substantive-response-sent', 'resolved')),
  resolved_at = (SELECT min(occurred_at) FROM case_events e WHERE e.reference = c.reference AND e.event = 'resolved'),
  complex = EXISTS (SELECT 1 FROM case_events e WHERE e.reference = c.reference AND e.event = 'marked-complex'),
  objected_at = (SELECT min(occurred_at) FROM case_events e WHERE e.reference = c.reference AND e.event = 'objection'),
  objection_upheld = (SELECT (detail->>'upheld')::boolean FROM case_events e WHERE e.reference = c.reference
                      AND e.event = 'objection-decided' LIMIT 1);

-- Root causes of complaints, a list that administrators manage (ISO 10002 asks for root causes).
CREATE TABLE root_causes (
  key       text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9-]{1,39}$'),
  label_nl  text NOT NULL CHECK (length(label_nl) BETWEEN 1 AND 100),
  label_en  text NOT NULL CHECK (length(label_en) BETWEEN 1 AND 100),
  active    boolean NOT NULL DEFAULT true,
  position  integer NOT NULL DEFAULT 0
);
INSERT INTO root_causes (key, label_nl, label_en, position) VALUES
  ('product', 'Product', 'Product', 1),
  ('communication', 'Communicatie', 'Communication', 2),
  ('delivery', 'Levering', 'Delivery', 3),
  ('billing', 'Facturatie', 'Billing', 4),
  ('process', 'Proces of procedure', 'Process or procedure', 5),
  ('staff-conduct', 'Optreden van medewerkers', 'Staff conduct', 6),
  ('external-party', 'Externe partij', 'External party', 7);

-- Improvement actions that come out of complaints, tracked on their own.
CREATE TABLE improvement_actions (
  id          bigserial PRIMARY KEY,
  reference   text NOT NULL REFERENCES cases (reference),
  -- One per case event: a retried activity records it once.
  event_key   text NOT NULL,
  text        text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  owner       text NOT NULL,
  due_date    date NOT NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  done_at     timestamptz,
  done_by     text,
  UNIQUE (reference, event_key)
);
CREATE INDEX improvement_actions_open_idx ON improvement_actions (due_date) WHERE status = 'open';
