import type { CasePolicy } from './policy';

/** The vocabulary of a case, shared by the web app, the activities and the workflow (types only). */
export type CaseType = 'complaint' | 'feedback';
export type Channel = 'web' | 'phone';
export type Language = 'nl' | 'en';

export type CaseStatus =
  | 'received' // registered, confirmation under way
  | 'in-progress' // confirmation handled, being assessed; substantive response due at working day 5
  | 'awaiting-customer' // staff asked the customer for information
  | 'responded' // substantive response sent; consulting on a solution
  | 'resolved' // written outcome sent; objection window open
  | 'objected' // the customer objected; a reviewer decides
  | 'closed';

export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'in-progress', 'awaiting-customer', 'responded'];

/** The deadlines of one case, computed outside the workflow and recorded with the calendar version. */
export interface CaseDeadlines {
  calendarVersion: string;
  /** Working days the clocks stood still while the case waited on the customer (pause policy). */
  pausedWorkingDays?: number;
  /** Receipt + 24 clock hours: the confirmation email must have gone out. */
  acknowledgementDue: string;
  /** End of working day 3 (working day 4 begins): the handler is reminded of the substantive response. */
  substantiveResponseReminder: string;
  /** End of working day 5: the substantive response (complaints and feedback). */
  substantiveResponseDue: string;
  /** Complaints only: the handler is warned at these working days (25 and 30 by default). */
  resolutionWarnings?: { workingDay: number; at: string }[];
  /** Complaints only: end of working day 34, every complaint settled. */
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
  /** Whether the customer can be emailed (phone cases may have no address). */
  hasEmail: boolean;
  /** Staff member who registered a phone case. */
  registeredBy?: string;
  deadlines: CaseDeadlines;
  policy: CasePolicy;
  /**
   * The version of the case workflow the case starts under (workflows/caseWorkflow.ts): from 2
   * on, the changes made to running cases before it are in force without a marker each, and the
   * start sets every search attribute of a new case; from 3 on, a new case's first steps are one
   * local activity. Cases started before version 2 have none: 1.
   */
  workflowVersion?: number;
}

/** The version of the case workflow new cases start under (CaseWorkflowInput.workflowVersion). */
export const CASE_WORKFLOW_VERSION = 3;
