-- The status page and the admin case page read a case from the read model, not from its workflow
-- (src/cases/caseStateForPages.ts): the case's state as the workflow holds it, without the
-- timeline, which case_events holds. NULL for a case not projected since this column came.
ALTER TABLE cases ADD COLUMN workflow_state jsonb;
-- The number the workflow gave the snapshot written last: snapshots can land out of order (each
-- is a local activity, some wait on another step), and the newest one wins.
ALTER TABLE cases ADD COLUMN state_version integer;

-- Each entry's actor as the workflow names them (a staff id, the customer, the system), for the
-- rules the pages ask of the state; `actor` keeps the email address the pages and analysis show.
-- NULL for an entry projected before this column came.
ALTER TABLE case_events ADD COLUMN workflow_actor text;
