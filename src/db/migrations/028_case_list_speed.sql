-- The admin case list (src/db/caseList.ts) at a million cases: each filter finds its page of 50
-- and its capped count of matches in an index, most of them in the list's own order (received_at,
-- then reference, both descending), so that a page reads about the rows it shows.

-- All cases in the list's order; replaces the index on received_at alone (the same first column,
-- so whatever used that one uses this one).
CREATE INDEX cases_list_idx ON cases (received_at DESC, reference DESC);
DROP INDEX IF EXISTS cases_received_at_idx;

-- One handler's cases in the list's order; replaces the index on handler alone.
CREATE INDEX cases_list_handler_idx ON cases (handler, received_at DESC, reference DESC);
DROP INDEX IF EXISTS cases_handler_idx;

-- Type, channel and subject (together, or the first one or two) in the list's order.
CREATE INDEX cases_list_kind_idx ON cases (case_type, channel, category, received_at DESC, reference DESC);

-- The open cases (a few percent): a status other than closed, and "Deadline verlopen". Ascending:
-- the count walks it forwards and so starts at the oldest open cases, where the overdue ones are;
-- a page reads it backwards, newest first.
CREATE INDEX cases_list_open_idx ON cases (received_at, reference) WHERE status <> 'closed';

-- The cases with a next deadline (open ones), for "due within N working days": walked newest
-- first until a page is found, instead of fetching every case due and sorting them.
CREATE INDEX cases_list_deadline_idx ON cases (received_at DESC, reference DESC) WHERE next_deadline IS NOT NULL;

-- Breached and objected: the conditions exactly as the list writes them (and the analysis's
-- "any breach"), or the planner cannot use these partial indexes.
CREATE INDEX cases_list_breached_idx ON cases (received_at DESC, reference DESC) WHERE cardinality(breaches) > 0;
CREATE INDEX cases_list_objected_idx ON cases (received_at DESC, reference DESC)
  WHERE status = 'objected' OR closure = 'objection-decided';

-- A reference or its start (KL-2026-0123) as a range in byte order: under the database's
-- collation (C.UTF-8 or any other) the primary key cannot serve a prefix.
CREATE INDEX cases_reference_prefix_idx ON cases (reference COLLATE "C");

-- A whole email address (case-insensitive).
CREATE INDEX cases_email_idx ON cases (lower(email));

-- The customer's other cases on the case page (otherCasesOf): the same customer number or the same
-- phone digits, beside the email index above; the three combine as a bitmap OR.
CREATE INDEX cases_customer_number_idx ON cases (lower(customer_number));
CREATE INDEX cases_phone_digits_idx ON cases (regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'));
