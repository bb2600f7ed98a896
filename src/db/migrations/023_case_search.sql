-- The case list's search finds any part of a reference, the customer's name, email address and
-- customer number, and a phone number whatever its spaces or dashes (its digits). One expression,
-- the same text as CASE_SEARCH_TEXT in src/db/caseList.ts, with a trigram index for LIKE '%...%'.
DROP INDEX IF EXISTS cases_search_idx;
CREATE INDEX cases_search_idx ON cases USING gin ((
  lower(reference) || ' ' || lower(name) || ' ' || lower(coalesce(email, '')) || ' ' || lower(coalesce(customer_number, ''))
  || ' ' || regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g')
) gin_trgm_ops);
-- "Deadline verlopen": open tasks past their due date, per case.
CREATE INDEX tasks_open_reference_due_idx ON tasks (reference, due_at) WHERE status = 'open';
