-- A case about a staff member (a complaint about their conduct, a relative's case) is marked as
-- concerning them: they cannot see it, its tasks or its improvement actions, nor be given it.
-- An access rule beside the read model, not part of the case's state: a rebuild keeps it.
CREATE TABLE case_concerns (
  reference text NOT NULL,
  staff_email text NOT NULL,
  marked_by text NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (reference, staff_email)
);
CREATE INDEX case_concerns_staff ON case_concerns (staff_email);
