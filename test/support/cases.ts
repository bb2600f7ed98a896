import { randomUUID } from 'node:crypto';
import { WorkingDayCalendar } from '../../src/calendar/workingDays';
import { insertCase, type CaseRecord } from '../../src/db/cases';
import type { Sql } from '../../src/db/db';
import type { CaseType, Language } from '../../src/domain/case';
import { caseDeadlines } from '../../src/domain/deadlines';

export const calendar = new WorkingDayCalendar();

/** Stores a case as the intake does, received at `receivedAt`. */
export async function storeCase(
  sql: Sql,
  o: { caseType?: CaseType; language?: Language; receivedAt?: Date; email?: string } = {},
): Promise<CaseRecord> {
  const caseType = o.caseType ?? 'complaint';
  const receivedAt = o.receivedAt ?? new Date();
  const { record } = await insertCase(sql, {
    intake: {
      caseType,
      name: 'Anna de Boer',
      email: o.email ?? `anna.${randomUUID().slice(0, 8)}@example.nl`,
      category: 'malfunction',
      description: 'De betaalterminal valt elke ochtend uit & start pas na 10 minuten <weer> op.',
    },
    channel: 'web',
    language: o.language ?? 'nl',
    receivedAt,
    submissionKey: randomUUID(),
    deadlines: caseDeadlines(calendar, caseType, receivedAt),
  });
  return record;
}
