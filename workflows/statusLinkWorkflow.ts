/**
 * Emails a customer the new status link after staff revoked the old one (src/cases/reissueStatusLink.ts):
 * one email per link version, through the case emails' activity (outbox first, at most once), so
 * that it goes out from the worker, which holds the SMTP credentials, also for a closed case.
 * Its input holds the reference and the version only.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../activities';

const { sendCaseEmail } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 30 },
});

export async function statusLinkWorkflow(req: { reference: string; version: number }): Promise<string> {
  return sendCaseEmail({ reference: req.reference, eventKey: `status-link-${req.version}`, template: 'status-link', data: {} });
}
