/**
 * The settings of the procedure that a company may choose. A case takes the policy in force when
 * it is received (in its start input); a changed policy applies to new cases only.
 */
export interface CasePolicy {
  /** Pause the SLA clocks while waiting on the customer's answer (the procedure counts from receipt: off). */
  pauseWhileWaitingOnCustomer: boolean;
  /** Working days after receipt at which the handler is warned that a complaint is still open. */
  resolutionWarningWorkingDays: number[];
  /** Calendar days after the outcome in which the customer may object. */
  objectionWindowDays: number;
  /** Working days the reviewer has to decide on an objection. */
  objectionReviewWorkingDays: number;
  /** Messages a customer can send on one case, and their length: no one can grow a history without bound. */
  maxCustomerMessages: number;
  maxMessageLength: number;
}

export const DEFAULT_POLICY: CasePolicy = {
  pauseWhileWaitingOnCustomer: false,
  resolutionWarningWorkingDays: [25, 30],
  objectionWindowDays: 30,
  objectionReviewWorkingDays: 10,
  maxCustomerMessages: 20,
  maxMessageLength: 5000,
};
