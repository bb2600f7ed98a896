/**
 * @jest-environment <rootDir>/test/support/timeZoneEnvironment.ts
 * @jest-environment-options {"timeZone": "Pacific/Kiritimati", "januaryOffset": -840, "julyOffset": -840}
 *
 * The whole case on a host 13 hours ahead of Amsterdam (UTC+14): the worker's activities compute
 * every deadline, email date and task due date in this process, so none may depend on its zone.
 * Before the calendar built its dates from Amsterdam components, 24 December 16:00 plus 5 working
 * days gave Saturday 2 January here.
 */
import { listOutbox } from '../../src/db/outbox';
import { listTasks } from '../../src/db/tasks';
import { resolveUpdate } from '../../workflows';
import { d, endOfDay, expectAround, useCaseScenario } from '../support/caseScenario';
import { eventually } from '../support/timeSkipping';

const scenario = useCaseScenario();
const { receive, state, mailsTo, outboxSettled } = scenario;

test('on a host in Pacific/Kiritimati, a complaint of 24 December 16:00 gets the Amsterdam dates', async () => {
  expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(-840); // the zone took effect
  const { handle, reference } = await receive();
  // Working days after Thu 24 Dec: Mon 28 .. Thu 31 Dec (1-4), Mon 4 Jan (5); 34: Fri 12 Feb.
  expect((await state(handle)).deadlines).toMatchObject({
    substantiveResponseReminder: endOfDay('Y-12-30'),
    substantiveResponseDue: endOfDay('N-01-04'),
    resolutionDue: endOfDay('N-02-12'),
  });
  await outboxSettled(reference, 1);
  expect(mailsTo(reference)[0]?.text).toContain('Uiterlijk op maandag 4 januari');
  expect((await listTasks(scenario.sql, reference))[0]?.dueAt?.toISOString()).toBe(endOfDay('N-01-04'));

  // The escalation comes when Monday 4 January ends in Amsterdam (Tuesday 12:59 in Kiritimati).
  await scenario.ts.skipTo(d('N-01-05T10:00:00'));
  const escalation = await eventually(async () => (await listTasks(scenario.sql, reference)).find((t) => t.kind === 'escalation'), 'the escalation');
  expectAround(escalation.createdAt, endOfDay('N-01-04'));

  // Outcome on Friday 15 January: 30 calendar days end on Sunday 14 February, so the window runs
  // to the end of Monday 15 February.
  await scenario.ts.skipTo(d('N-01-15T14:00:00'));
  await handle.executeUpdate(resolveUpdate, { args: [{ outcome: 'Gegrond.', solution: 'Nieuwe terminal.', by: 'behandelaar@ccv.test', justified: 'justified', rootCause: 'product' }] });
  await outboxSettled(reference, 2);
  expect((await state(handle)).objectionWindowEnds).toBe(endOfDay('N-02-15'));
  expect((await listOutbox(scenario.sql, reference))[1]?.textBody).toContain('tot en met maandag 15 februari');
  await handle.terminate('test done');
});
