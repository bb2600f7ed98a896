-- Analysis and governance reports: indexes for the figures (src/analysis/figures.ts) and for the
-- case-list links behind them (src/analysis/caseFilter.ts).
-- Repeat complainants: the earlier complaints of the same email address or customer number.
CREATE INDEX cases_complaint_email_idx ON cases (lower(email), received_at)
  WHERE case_type = 'complaint' AND email IS NOT NULL;
CREATE INDEX cases_complaint_customer_number_idx ON cases (customer_number, received_at)
  WHERE case_type = 'complaint' AND customer_number IS NOT NULL;
-- The improvement actions of a case.
CREATE INDEX improvement_actions_reference_idx ON improvement_actions (reference);
