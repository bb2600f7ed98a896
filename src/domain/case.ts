/** The vocabulary of a case, shared by the web app, the activities and the workflow (types only). */
export type CaseType = 'complaint' | 'feedback';
export type Channel = 'web' | 'phone';
export type Language = 'nl' | 'en';

export type CaseStatus =
  | 'received' // registered, acknowledgement under way
  | 'acknowledged' // confirmation sent, awaiting triage and the substantive response
  | 'closed';

/** The deadlines of one case, computed outside the workflow and recorded with the calendar version. */
export interface CaseDeadlines {
  calendarVersion: string;
  /** Receipt + 24 clock hours: the confirmation email must have gone out. */
  acknowledgementDue: string;
  /** End of working day 5: the substantive response (complaints and feedback). */
  substantiveResponseDue: string;
  /** End of working day 34: complaints settled. Absent for feedback. */
  resolutionDue?: string;
}

/**
 * What the workflow is started with. Deliberately small and free of personal data: histories
 * are readable in Temporal Web; the submission itself stays in Postgres.
 */
export interface CaseWorkflowInput {
  reference: string;
  caseType: CaseType;
  channel: Channel;
  receivedAt: string;
  deadlines: CaseDeadlines;
}
