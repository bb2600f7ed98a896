/**
 * The side effects of a case: email, staff tasks and the read model. Each is idempotent per
 * case and event key, so Temporal's retries never send twice or create a second task.
 */
import type { Sql } from '../src/db/db';
import { recordCaseEvent, type CaseEvent } from '../src/db/caseEvents';
import { createTask, type NewTask } from '../src/db/tasks';
import { createEmailActivities, type Mailer } from './email';

export interface ActivityDeps {
  sql: Sql;
  mailer?: Mailer;
  mailFrom: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createEmailActivities(deps),

    async createStaffTask(task: NewTask): Promise<void> {
      await createTask(deps.sql, task);
    },

    async recordCaseEvent(event: CaseEvent): Promise<void> {
      await recordCaseEvent(deps.sql, event);
    },
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
