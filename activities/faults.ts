/**
 * How an activity's failure is classified, for every activity of the worker in one place:
 *
 * - A deterministic database error (SQLSTATE class 22, data exception, such as U+0000 in a text;
 *   class 23, a constraint) fails the same way on every retry: it becomes a non-retryable
 *   ApplicationFailure of type `InvalidData`, and the workflow records it on the case with a task
 *   for a person (workflows/caseWorkflow.ts, `visible`).
 * - Anything else (the database or the mail server away, a timeout) may succeed on a later try and
 *   is retried. From the fifth attempt on each further failure is logged at error level, with the
 *   case and the attempt, so that no activity retries forever without ops hearing about it; Temporal
 *   Web shows the same attempts on the workflow.
 */
import { ApplicationFailure, type Context } from '@temporalio/activity';
import type { ActivityInterceptors } from '@temporalio/worker';
import { isPermanentDatabaseError } from '../src/db/errors';
import { logger } from '../src/logger';

/** From this attempt on every failure is logged as an error. */
export const REPORT_FROM_ATTEMPT = 5;

/** The activity's error as Temporal should see it: permanent database errors made non-retryable. */
export function classify(err: unknown): unknown {
  if (!isPermanentDatabaseError(err)) return err;
  // The message of a data error names the value's problem, never the value itself.
  return ApplicationFailure.create({ message: `${err.message} (SQLSTATE ${err.code})`, type: 'InvalidData', nonRetryable: true, cause: err });
}

export function faultInterceptors(ctx: Context): ActivityInterceptors {
  return {
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (err) {
          const failure = classify(err);
          const { attempt, activityType, workflowExecution, isLocal } = ctx.info;
          const permanent = failure instanceof ApplicationFailure && failure.nonRetryable;
          if (permanent || attempt >= REPORT_FROM_ATTEMPT) {
            logger.error({
              activity: activityType, local: isLocal, attempt, workflowId: workflowExecution?.workflowId,
              error: failure instanceof Error ? failure.message : String(failure),
            }, permanent ? 'activity failed for good: the case records it for a person' : 'activity keeps failing; retried until it succeeds');
          }
          throw failure;
        }
      },
    },
  };
}
