import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { WorkingDayCalendar } from '../calendar/workingDays';
import { insertCase, markWorkflowStarted } from '../db/cases';
import type { Sql } from '../db/db';
import type { Channel, Language } from '../domain/case';
import { caseDeadlines } from '../domain/deadlines';
import type { Intake } from '../domain/intake';
import type { CasePolicy } from '../domain/policy';
import { statusToken, statusTokenHash } from '../domain/statusToken';
import { logger } from '../logger';
import { startWorkflowOf } from './startCaseWorkflow';

const START_TIMEOUT_MS = 10_000;

export interface IntakeDeps {
  sql: Sql;
  client: Client;
  taskQueue: string;
  /** The calendar and policy for new cases (the administrators' settings). */
  rules: () => Promise<{ calendar: WorkingDayCalendar; policy: CasePolicy }>;
  /** Signs the customer's status link (STATUS_TOKEN_SECRET). */
  statusTokenSecret: string;
  now?: () => Date;
}

export interface Submission {
  intake: Intake;
  channel: Channel;
  language: Language;
  /** Same key, same case: the form's hidden submission id. */
  submissionKey?: string;
  /** Phone cases: when the call came in, and who took it. */
  receivedAt?: Date;
  registeredBy?: string;
}

/** A fingerprint of what was submitted (not when): a repeat has the same one. */
export function submissionHash(s: Submission): string {
  const { intake, channel, language, registeredBy, receivedAt } = s;
  return createHash('sha256')
    .update(JSON.stringify([intake.caseType, intake.name, intake.email ?? null, intake.phone ?? null, intake.customerNumber ?? null,
      intake.category, intake.description, channel, language, registeredBy ?? null, receivedAt?.toISOString() ?? null]))
    .digest('hex');
}

/**
 * Registers a complaint or feedback and starts its workflow. The case is stored first, so that
 * nothing the customer typed is lost when Temporal is unreachable: the error reaches the caller,
 * a retry with the same submission key finds the stored case and starts its workflow then.
 */
export async function submitCase(deps: IntakeDeps, s: Submission): Promise<{ reference: string; created: boolean }> {
  const receivedAt = s.receivedAt ?? (deps.now ?? (() => new Date()))();
  const { calendar, policy } = await deps.rules();
  const { record, created } = await insertCase(deps.sql, {
    intake: s.intake,
    channel: s.channel,
    language: s.language,
    receivedAt,
    submissionKey: s.submissionKey,
    deadlines: caseDeadlines(calendar, s.intake.caseType, receivedAt, policy),
    policy,
    registeredBy: s.registeredBy,
    statusTokenHash: (reference) => statusTokenHash(statusToken(deps.statusTokenSecret, reference)),
    submissionHash: submissionHash(s),
  });
  if (!record.workflowStartedAt) {
    // The customer is waiting for the page: give up after a while; the case is stored either way.
    await deps.client.connection.withDeadline(Date.now() + START_TIMEOUT_MS, () => startWorkflowOf(deps, record));
    // The mark only keeps the start sweep (src/web/server.ts) away from this case, so the customer
    // does not wait for it: it would wait for the commit of the workflow's first step, which writes
    // the same row. A mark that does not land costs the sweep a start that Temporal refuses.
    markWorkflowStarted(deps.sql, record.reference)
      .catch((err: unknown) => logger.warn({ err, reference: record.reference }, 'case not marked as started; the start sweep will mark it'));
  }
  return { reference: record.reference, created };
}
