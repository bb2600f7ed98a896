/**
 * The bench of storing a case at intake (src/cases/submitCase.ts before the workflow starts): the
 * rules of the day (the working-day calendar, now shared per setting: src/db/settings.ts
 * calendarFor) and the insert under the next reference (src/db/cases.ts insertCase, whose
 * numbering no longer holds a lock for the whole insert), one at a time and ten at once.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_CALENDAR_OPTIONS, WorkingDayCalendar } from '../src/calendar/workingDays';
import { insertCase } from '../src/db/cases';
import type { Sql } from '../src/db/db';
import { calendarFor } from '../src/db/settings';
import { caseDeadlines } from '../src/domain/deadlines';
import { DEFAULT_POLICY } from '../src/domain/policy';
import { time, timingOf, type Timing } from './timing';

export async function benchIntake(sql: Sql, runs: number): Promise<{ name: string; extra: string; timing: Timing }[]> {
  const deadlinesWith = (calendar: WorkingDayCalendar) => caseDeadlines(calendar, 'complaint', new Date(), DEFAULT_POLICY);
  const store = () => {
    const receivedAt = new Date();
    return insertCase(sql, {
      intake: { caseType: 'complaint', name: 'Bench Klant', email: `bench.${randomUUID().slice(0, 8)}@example.nl`, category: 'billing',
        description: 'Een klacht van de bench over de factuur van deze maand.' } as never,
      channel: 'web', language: 'nl', receivedAt, submissionKey: randomUUID(),
      deadlines: caseDeadlines(calendarFor(DEFAULT_CALENDAR_OPTIONS), 'complaint', receivedAt, DEFAULT_POLICY),
      policy: DEFAULT_POLICY, statusTokenHash: () => randomUUID().replace(/-/g, ''),
    });
  };
  // Ten at once: each one's own time, over `runs` rounds.
  const concurrent: number[] = [];
  for (let round = 0; round < runs; round++) {
    concurrent.push(...await Promise.all(Array.from({ length: 10 }, async () => {
      const start = process.hrtime.bigint();
      await store();
      return Number(process.hrtime.bigint() - start) / 1e6;
    })));
  }
  return [
    { name: 'deadlines, a new calendar each time (before)', extra: '1', timing: await time(async () => deadlinesWith(new WorkingDayCalendar(DEFAULT_CALENDAR_OPTIONS)), runs) },
    { name: 'deadlines, the shared calendar', extra: '1', timing: await time(async () => deadlinesWith(calendarFor(DEFAULT_CALENDAR_OPTIONS)), runs) },
    { name: 'store a case, one at a time', extra: '1', timing: await time(store, runs) },
    { name: 'store a case, ten at once (each)', extra: '10', timing: timingOf(concurrent) },
  ];
}
