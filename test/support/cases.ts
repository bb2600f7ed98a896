import { randomUUID } from 'node:crypto';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { insertCase, type CaseRecord } from '../../src/db/cases';
import type { Sql } from '../../src/db/db';
import type { CaseType, Channel, Language } from '../../src/domain/case';
import { caseDeadlines } from '../../src/domain/deadlines';
import { DEFAULT_POLICY, type CasePolicy } from '../../src/domain/policy';
import { statusToken, statusTokenHash } from '../../src/domain/statusToken';

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
