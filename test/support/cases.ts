import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { insertCase, type CaseRecord } from '../../src/db/cases';
import type { Sql } from '../../src/db/db';
import type { CaseType, Channel, Language } from '../../src/domain/case';
import { caseDeadlines } from '../../src/domain/deadlines';
import { DEFAULT_POLICY, type CasePolicy } from '../../src/domain/policy';
import type { CaseState } from '../../src/domain/lifecycle';
import { statusToken, statusTokenHash } from '../../src/domain/statusToken';
import { untilProjected } from '../../src/cases/caseStateForPages';
import { caseStateQuery } from '../../src/temporal/caseMessages';

export const calendar = new WorkingDayCalendar();

/** The status links of the test cases. */
export const TEST_STATUS_LINKS = { secret: 'test-status-token-secret-0123456789abcdef', baseUrl: 'http://localhost:3000' };

/** Stores a case as the intake does, received at `receivedAt`. */
export async function storeCase(
  sql: Sql,
  o: {
    caseType?: CaseType; language?: Language; receivedAt?: Date; email?: string | null; channel?: Channel;
    policy?: Partial<CasePolicy>; registeredBy?: string;
  } = {},
): Promise<CaseRecord> {
  const caseType = o.caseType ?? 'complaint';
  const receivedAt = o.receivedAt ?? new Date();
  const policy = { ...DEFAULT_POLICY, ...o.policy };
  const email = o.email === undefined ? `anna.${randomUUID().slice(0, 8)}@example.nl` : o.email;
  const { record } = await insertCase(sql, {
    intake: {
      caseType,
      name: 'Anna de Boer',
      ...(email ? { email } : {}),
      category: 'malfunction',
      description: 'De betaalterminal valt elke ochtend uit & start pas na 10 minuten <weer> op.',
    } as never,
    channel: o.channel ?? 'web',
    language: o.language ?? 'nl',
    receivedAt,
    submissionKey: randomUUID(),
    deadlines: caseDeadlines(calendar, caseType, receivedAt, policy),
    policy,
    registeredBy: o.registeredBy,
    statusTokenHash: (reference) => statusTokenHash(statusToken(TEST_STATUS_LINKS.secret, reference)),
  });
  return record;
}

/**
 * Waits until the read model has caught up with the case's workflow as it is now: the pages read
 * the read model (src/cases/caseStateForPages.ts), so a test that acted on the workflow directly
 * waits for this before it reads a page. Returns the workflow's state.
 */
export async function readModelCaughtUp(sql: Sql, handle: WorkflowHandle): Promise<CaseState> {
  const state = await handle.query(caseStateQuery);
  const last = state.timeline.at(-1)?.seq ?? 0;
  if (!(await untilProjected(sql, handle.workflowId, last, 30_000))) {
    throw new Error(`the read model of ${handle.workflowId} stays behind entry ${last}`);
  }
  return state;
}
