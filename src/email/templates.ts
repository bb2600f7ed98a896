/** The emails of the procedure: each has a template per language in src/email/templates/<name>.<lang>.hbs. */
export const EMAIL_TEMPLATES = [
  'acknowledgement',
  'phone-confirmation',
  'information-request',
  'substantive-response',
  'proposal',
  'complex',
  'outcome',
  'objection-received',
  'objection-decision',
  'closing',
  // A new status link after staff revoked the old one (src/cases/reissueStatusLink.ts).
  'status-link',
] as const;

export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];
