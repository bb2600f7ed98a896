/**
 * The workflow of test/integration/emailWorkerKilled.test.ts: one case email, sent by the real
 * `sendCaseEmail` on the task queue the test chooses, with a short attempt timeout. The case
 * workflow's sends time out after a minute and retry after 10 s; here after 15 s and 1 s, so that
 * the resend after a killed worker comes within the test's time. The activity takes its lease
 * from the attempt timeout either way.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities';
import type { EmailOutcome, SendCaseEmail } from '../../activities/email';

export const SEND_ATTEMPT_TIMEOUT_MS = 15_000;

export async function sendOneEmail(req: SendCaseEmail & { taskQueue: string }): Promise<EmailOutcome> {
  const { taskQueue, ...send } = req;
  const { sendCaseEmail } = proxyActivities<CaseActivities>({
    taskQueue,
    startToCloseTimeout: SEND_ATTEMPT_TIMEOUT_MS,
    retry: { initialInterval: '1 second', backoffCoefficient: 1 },
  });
  return sendCaseEmail(send);
}
