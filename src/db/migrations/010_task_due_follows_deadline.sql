-- A task's due date follows the case deadline it serves: when the deadlines move (a pause ends,
-- staff recompute them), the open tasks move with them. Tasks without a deadline keep NULL.
ALTER TABLE tasks ADD COLUMN follows text
  CHECK (follows IN ('substantive-response', 'resolution', 'objection-review'));
UPDATE tasks SET follows = 'substantive-response' WHERE kind = 'triage';
UPDATE tasks SET follows = 'objection-review' WHERE kind = 'objection-review';
UPDATE tasks SET follows = CASE WHEN event_key LIKE 'reminder-%' AND title_en LIKE 'Reminder: substantive response%'
  THEN 'substantive-response' ELSE 'resolution' END
  WHERE kind = 'reminder';
