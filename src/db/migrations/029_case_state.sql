-- The status page and the admin case page read a case from the read model, not from its workflow
-- (src/cases/caseStateForPages.ts): the case's state as the workflow holds it, without the
-- timeline, which case_events holds. NULL for a case not projected since this column came.
ALTER TABLE cases ADD COLUMN state jsonb;

-- Each entry's actor as the workflow names them (a staff id, the customer, the system), for the
-- rules the pages ask of the state; `actor` keeps the email address the pages and analysis show.
-- NULL for an entry projected before this column came.
ALTER TABLE case_events ADD COLUMN actor_ref text;
