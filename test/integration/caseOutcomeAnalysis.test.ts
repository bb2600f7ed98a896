/**
 * What a handler records for the analysis (procedure promise 5): whether a complaint was
 * justified, its root cause and an improvement action with a task to its owner; feedback turned
 * into a complaint. All of it lands in the read model, where the figures are counted.
 * Complaint received Thursday 24 December (Y) 16:00 Amsterdam time, as in caseWorkflow.test.ts.
 */
import { listImprovementActions } from '../../src/db/improvementActions';
import { listTasks } from '../../src/db/tasks';
import { CaseType } from '../../src/temporal/searchAttributes';
import {
  convertToComplaintUpdate,
  resolveUpdate,
  substantiveResponseSentUpdate,
  withdrawSignal,
} from '../../workflows';
import { d, endOfDay, N, recordHistory, refusedWith, useCaseScenario } from '../support/caseScenario';
import { eventually } from '../support/timeSkipping';

const scenario = useCaseScenario();
const { receive, state } = scenario;

interface AnalysisRow {
  caseType: string; justified: string | null; rootCause: string | null; respondedAt: Date | null; resolvedAt: Date | null;
  workingDaysToResponse: number | null; workingDaysToResolution: number | null; responseDue: Date; resolutionDue: Date | null;
  convertedAt: Date | null;
}
async function analysisRow(reference: string): Promise<AnalysisRow> {
  const [row] = await scenario.sql<AnalysisRow[]>`
    SELECT case_type AS "caseType", justified, root_cause AS "rootCause", responded_at AS "respondedAt", resolved_at AS "resolvedAt",
      working_days_to_response AS "workingDaysToResponse", working_days_to_resolution AS "workingDaysToResolution",
      response_due AS "responseDue", resolution_due AS "resolutionDue", converted_at AS "convertedAt"
    FROM cases WHERE reference = ${reference}`;
  return row!;
}

test('the outcome records justified, root cause and an improvement action with a task to its owner', async () => {
  const { handle, reference } = await receive();
  await refusedWith(
    handle.executeUpdate(resolveUpdate, { args: [{ outcome: 'Gegrond.', solution: 'Nieuw.', by: 'anna@ccv.test', justified: 'yes' as never, rootCause: 'product' }] }),
    /gegrond, deels gegrond of ongegrond/,
  );
  // Response on Monday 4 January 10:00: working days after Thu 24 Dec up to and including Mon 4 Jan
  // are Mon 28, Tue 29, Wed 30, Thu 31 Dec and Mon 4 Jan = 5 (Christmas, New Year and weekends skipped).
  await scenario.ts.skipTo(d('N-01-04T10:00:00'));
  await handle.executeUpdate(substantiveResponseSentUpdate, { args: [{ text: 'We zoeken het uit.', by: 'anna@ccv.test' }] });
  // Outcome on Friday 15 January 14:00: 5 + Tue 5 .. Fri 8 (4) + Mon 11 .. Fri 15 (5) = 14 working days.
  await scenario.ts.skipTo(d('N-01-15T14:00:00'));
  await handle.executeUpdate(resolveUpdate, {
    args: [{
      outcome: 'Je klacht is deels gegrond.', solution: 'We vergoeden de verzendkosten.', by: 'anna@ccv.test',
      justified: 'partly', rootCause: 'delivery',
      improvement: { text: 'Vervoerder aanspreken op de levertijden.', owner: 'teamleider@ccv.test', dueDate: `${N}-02-26` },
    }],
  });
  const action = await eventually(async () => (await listImprovementActions(scenario.sql, { reference }))[0], 'the improvement action');
  expect(action).toMatchObject({ text: 'Vervoerder aanspreken op de levertijden.', owner: 'teamleider@ccv.test', dueDate: `${N}-02-26`, status: 'open' });
  // The owner's task comes in a step of its own after the action.
  const task = await eventually(async () => (await listTasks(scenario.sql, reference)).find((t) => t.kind === 'improvement-action'), 'the owner\'s task');
  expect(task).toMatchObject({ assignee: 'teamleider@ccv.test', status: 'open' });
  expect(task?.dueAt?.toISOString()).toBe(endOfDay('N-02-26'));
  expect(task?.title).toBe(`Verbeteractie naar aanleiding van klacht ${reference}: uiterlijk ${N}-02-26`);

  expect(await analysisRow(reference)).toMatchObject({
    caseType: 'complaint', justified: 'partly', rootCause: 'delivery',
    workingDaysToResponse: 5, workingDaysToResolution: 14,
  });
  const row = await analysisRow(reference);
  expect(Math.abs(row.respondedAt!.getTime() - Date.parse(d('N-01-04T10:00:00')))).toBeLessThan(10_000);
  expect(row.resolutionDue?.toISOString()).toBe(endOfDay('N-02-12'));

  // The case ends (here: withdrawn); its improvement action and task stay open.
  await handle.signal(withdrawSignal, {});
  await handle.result();
  const after = await listTasks(scenario.sql, reference);
  expect(after.filter((t) => t.status === 'open').map((t) => t.kind)).toEqual(['improvement-action']);
  await recordHistory(handle, 'complaint-improvement-withdrawn');
});

test('feedback turned into a complaint gets the complaint deadlines from receipt, on the timeline and in the read model', async () => {
  const { handle, reference } = await receive({ caseType: 'feedback' });
  expect((await state(handle)).deadlines.resolutionDue).toBeUndefined();
  await scenario.ts.skipTo(d('Y-12-29T09:00:00'));
  await handle.executeUpdate(convertToComplaintUpdate, { args: [{ reason: 'De klant beschrijft een fout in de levering.', by: 'anna@ccv.test' }] });
  // From receipt on Thu 24 Dec: working day 34 is Friday 12 February, as for any complaint received then.
  const s = await eventually(async () => {
    const current = await state(handle);
    return current.deadlines.resolutionDue ? current : undefined;
  }, 'the complaint deadlines');
  expect(s.caseType).toBe('complaint');
  expect(s.deadlines.resolutionDue).toBe(endOfDay('N-02-12'));
  expect(s.deadlines.substantiveResponseDue).toBe(endOfDay('N-01-04'));
  expect(s.timeline.at(-1)).toMatchObject({ event: 'converted-to-complaint', actor: 'anna@ccv.test', visibility: 'public' });
  await eventually(async () => (await analysisRow(reference)).caseType === 'complaint', 'the read model');
  expect((await analysisRow(reference)).resolutionDue?.toISOString()).toBe(endOfDay('N-02-12'));
  expect((await handle.describe()).typedSearchAttributes.get(CaseType)).toBe('complaint');

  await refusedWith(
    handle.executeUpdate(convertToComplaintUpdate, { args: [{ reason: 'Nog een keer.', by: 'anna@ccv.test' }] }),
    /al een klacht/,
  );
  // As a complaint, it can now get an outcome.
  await handle.executeUpdate(resolveUpdate, {
    args: [{ outcome: 'Gegrond.', solution: 'Nieuwe levering.', by: 'anna@ccv.test', justified: 'justified', rootCause: 'delivery' }],
  });
  expect((await state(handle)).status).toBe('resolved');
  await handle.terminate('test done');
  await recordHistory(handle, 'feedback-converted');
});
