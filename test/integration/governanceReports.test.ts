/**
 * Governance reports on Temporal Schedules, on the dev server (the time-skipping server has no
 * Schedules): the Schedules follow the bodies in Postgres, their next run times come from the
 * server, a trigger runs the report workflow once and mails each recipient the PDF, a second
 * trigger for the same period mails nothing, and a changed frequency updates the Schedule.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createMailer } from '../../activities/email';
import { periodJustEnded, startOfAmsterdamDay } from '../../src/analysis/period';
import { addDaysToDate, amsterdamDate, WorkingDayCalendar } from '../../src/calendar/workingDays';
import { listReports, saveGovernanceBody } from '../../src/db/governance';
import { scheduleIdOf } from '../../src/reports/governance';
import { syncGovernanceSchedules } from '../../src/reports/schedules';
import { insertAnalysisCase, removeAnalysisCases } from '../support/analysisCases';
import { devStack, type DevStack } from '../support/devStack';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { pdfText, squash } from '../support/pdfText';
import { eventually } from '../support/timeSkipping';

const TASK_QUEUE = 'governance-report-test';
const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts');
let stack: DevStack;
let smtp: TestSmtpServer;
const references: string[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  stack = await devStack(TASK_QUEUE, { mailer: createMailer(smtp.url) });
});

afterAll(async () => {
  if (stack) await stack.sql`UPDATE governance_bodies SET active = false`;
  if (stack) await syncGovernanceSchedules(stack.client, stack.sql, TASK_QUEUE);
  if (stack && references.length > 0) await removeAnalysisCases(stack.sql, references);
  await stack?.stop();
  await smtp?.close();
});

/** 07:00 Amsterdam time on the first day of the month that `months` months after this one starts. */
function firstOfMonthAt7(monthsAhead: number): string {
  const today = amsterdamDate(new Date());
  const [y, m] = today.split('-').map(Number) as [number, number];
  const index = (y * 12 + (m - 1)) + monthsAhead;
  const first = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  return new Date(startOfAmsterdamDay(first).getTime() + 7 * 3600_000).toISOString();
}

test('each body gets a Schedule; a trigger mails each recipient once, with the PDF; a frequency change updates the Schedule', async () => {
  const { sql, client } = stack;
  const name = 'Raad van toezicht';
  const bodyId = (await saveGovernanceBody(sql, {
    name, recipients: ['voorzitter@rvt.example', 'secretaris@rvt.example'], language: 'nl', frequency: 'monthly',
    sections: ['volume', 'timeliness', 'outcomes', 'customers', 'improvements', 'trends'], sendHour: 7, active: true,
  }))!;

  // Six complaints in the month that just ended, so that the report has figures of its own.
  const period = periodJustEnded('monthly', new Date());
  const calendar = new WorkingDayCalendar();
  for (let i = 0; i < 6; i++) {
    const reference = `KL-GOV-${randomUUID().slice(0, 8)}`;
    references.push(reference);
    await insertAnalysisCase(sql, calendar, {
      reference, caseType: 'complaint', channel: 'web', category: 'billing',
      receivedAt: `${addDaysToDate(period.from, 1)}T10:00:00+01:00`, acknowledgedAt: `${addDaysToDate(period.from, 1)}T10:01:00+01:00`,
    });
  }

  const first = await syncGovernanceSchedules(client, sql, TASK_QUEUE);
  expect(first.created).toContain(scheduleIdOf(bodyId));
  const handle = client.schedule.getHandle(scheduleIdOf(bodyId));
  const description = await handle.describe();
  // The server's own plan: the first of next month, 07:00 in Amsterdam.
  expect(description.info.nextActionTimes[0]?.toISOString()).toBe(firstOfMonthAt7(1));
  expect(description.spec.timezone).toBe('Europe/Amsterdam');

  await handle.trigger();
  const mails = await eventually(async () => {
    const received = smtp.received.filter((m) => m.subject?.includes(name));
    return received.length === 2 ? received : undefined;
  }, 'the two report emails', 120_000); // figures, PDF and SMTP: a few seconds, longer on a loaded machine
  expect(mails.map((m) => m.to && 'text' in m.to ? m.to.text : '').sort()).toEqual(['secretaris@rvt.example', 'voorzitter@rvt.example']);
  // The SMTP server has the mails before the activity records them as sent: wait for the run to end.
  const run = (await handle.describe()).info.recentActions[0]!.action.workflow;
  expect(await client.workflow.getHandle(run.workflowId, run.firstExecutionRunId).result()).toMatchObject({ sent: 2 });
  const [report] = (await listReports(sql)).filter((r) => r.bodyId === bodyId);
  expect(report).toMatchObject({ periodFrom: period.from, periodTo: period.to, hasPdf: true });
  expect(report!.deliveries.map((d) => d.status)).toEqual(['sent', 'sent']);

  const attachment = mails[0]!.attachments[0]!;
  expect(attachment.contentType).toBe('application/pdf');
  const text = squash(pdfText(attachment.content).text);
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, 'governance-report.pdf'), attachment.content);
  const frozen = report!.figures as { figures: { received: { total: { n: number | string } } } };
  expect(text).toContain(`Klachtenrapportage ${name}`);
  expect(text).toContain('Ontvangen');
  expect(Number(frozen.figures.received.total.n)).toBeGreaterThanOrEqual(6);
  expect(text).toContain(String(frozen.figures.received.total.n));
  expect(mails[0]!.text).toContain(`Ontvangen: ${frozen.figures.received.total.n}`);

  // The same period again: the report exists and its recipients were served, so nothing is mailed.
  await handle.trigger();
  await eventually(async () => (await handle.describe()).info.recentActions.length === 2 || undefined, 'the second run');
  const second = (await handle.describe()).info.recentActions[1]!.action.workflow;
  const result = await client.workflow.getHandle(second.workflowId, second.firstExecutionRunId).result();
  expect(result).toEqual({ reportId: report!.id, sent: 0 });
  expect(smtp.received.filter((m) => m.subject?.includes(name))).toHaveLength(2);

  // Quarterly now: the same Schedule, updated, next run on the first day of the next quarter.
  await saveGovernanceBody(sql, {
    name, recipients: ['voorzitter@rvt.example', 'secretaris@rvt.example'], language: 'nl', frequency: 'quarterly',
    sections: ['volume'], sendHour: 7, active: true,
  }, bodyId);
  const again = await syncGovernanceSchedules(client, sql, TASK_QUEUE);
  expect(again.updated).toContain(scheduleIdOf(bodyId));
  expect(again.created).not.toContain(scheduleIdOf(bodyId));
  const ids: string[] = [];
  for await (const s of client.schedule.list()) if (s.scheduleId === scheduleIdOf(bodyId)) ids.push(s.scheduleId);
  expect(ids).toHaveLength(1);
  const month = Number(amsterdamDate(new Date()).slice(5, 7));
  const monthsToQuarter = 3 - ((month - 1) % 3);
  expect((await handle.describe()).info.nextActionTimes[0]?.toISOString()).toBe(firstOfMonthAt7(monthsToQuarter));
});
