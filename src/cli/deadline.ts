/**
 * `npm run deadline -- --from 2026-12-24T16:00:00+01:00 --working-days 34 [--json]`
 * `npm run deadline -- --from 2026-11-25T14:00:00+01:00 --calendar-days 30 [--json]`
 *
 * Prints the deadline "within N working days of receipt", or of a period of N calendar days (the
 * objection window: extended past a weekend or holiday, Algemene termijnenwet art. 1), and why
 * each skipped day did not count, in the words of the admin case page (src/calendar/explain.ts).
 * Several --from values are allowed; `--from -` reads one instant per line from standard input.
 * With --json, one JSON object per line. With DATABASE_URL set, the calendar of the
 * administrators' settings (closure days ...) applies; without it, the default calendar.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { explainDeadline, renderExplanation, type Span } from '../calendar/explain';
import { WorkingDayCalendar } from '../calendar/workingDays';
import { plural } from '../i18n/plural';
import { connectDatabase } from '../db/db';
import { currentRules } from '../db/settings';

const USAGE = 'usage: npm run deadline -- --from <ISO 8601 instant | -> [--from ...] (--working-days <N> | --calendar-days <N>) [--json]';
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** One instant's deadline: a JSON line, or a summary line and the explanation in Dutch. */
export function describeDeadline(calendar: WorkingDayCalendar, from: string, span: Span, json: boolean): string {
  if (!WITH_OFFSET.test(from) || Number.isNaN(Date.parse(from))) {
    throw new Error(`"${from}" is not an ISO 8601 instant with a time zone offset, e.g. 2026-12-24T16:00:00+01:00`);
  }
  const e = explainDeadline(calendar, new Date(from), span);
  if (json) {
    return JSON.stringify({
      from,
      ...span,
      deadline: e.deadline,
      calendarVersion: e.calendarVersion,
      skipped: e.skipped,
      ...('calendarDays' in span ? { extension: e.extension ?? null } : {}),
    });
  }
  const [n, unit] = 'workingDays' in span ? [span.workingDays, 'werkdag'] : [span.calendarDays, 'kalenderdag'];
  const count = plural('nl', n, { one: `{n} ${unit}`, other: `{n} ${unit}en` });
  return [`${from} + ${count} -> ${e.deadline} (kalender ${e.calendarVersion})`, ...renderExplanation(e, 'nl').map((l) => `  ${l}`)].join('\n');
}

/** The span of the arguments: exactly one of --working-days and --calendar-days, a positive whole number. */
function spanOf(workingDays: string | undefined, calendarDays: string | undefined): Span | undefined {
  if ((workingDays === undefined) === (calendarDays === undefined)) return undefined;
  const text = (workingDays ?? calendarDays)!;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) return undefined;
  return workingDays !== undefined ? { workingDays: n } : { calendarDays: n };
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        from: { type: 'string', multiple: true },
        'working-days': { type: 'string' },
        'calendar-days': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { from = [], 'working-days': workingDays, 'calendar-days': calendarDays, json = false } = parsed.values;
  const span = spanOf(workingDays, calendarDays);
  if (from.length === 0 || !span) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const calendar = await calendarInForce();
  let failures = 0;
  const print = (instant: string) => {
    try {
      process.stdout.write(`${describeDeadline(calendar, instant.trim(), span, json)}\n`);
    } catch (err) {
      failures += 1;
      process.stderr.write(`${(err as Error).message}\n`);
    }
  };
  for (const value of from) {
    if (value !== '-') {
      print(value);
      continue;
    }
    for await (const line of createInterface({ input: process.stdin })) if (line.trim()) print(line);
  }
  return failures === 0 ? 0 : 1;
}

/** The administrators' calendar (closure days ...) when DATABASE_URL is set, else the default one. */
async function calendarInForce(): Promise<WorkingDayCalendar> {
  const url = process.env.DATABASE_URL;
  if (!url) return new WorkingDayCalendar();
  const sql = connectDatabase(url, 1);
  try {
    return (await currentRules(sql)).calendar;
  } finally {
    await sql.end();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
