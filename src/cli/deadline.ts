/**
 * `npm run deadline -- --from 2026-12-24T16:00:00+01:00 --working-days 34 [--json]`
 *
 * Prints the deadline "within N working days of receipt" and why each skipped day did not count.
 * Several --from values are allowed; `--from -` reads one instant per line from standard input.
 * With --json, one JSON object per line. With DATABASE_URL set, the calendar of the
 * administrators' settings (closure days ...) applies; without it, the default calendar.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { formatAmsterdam, WorkingDayCalendar, type DayOff } from '../calendar/workingDays';
import { connectDatabase } from '../db/db';
import { currentRules } from '../db/settings';

const USAGE = 'usage: npm run deadline -- --from <ISO 8601 instant | -> [--from ...] --working-days <N> [--json]';
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

const REASONS: Record<DayOff['reason'], string> = { weekend: 'weekend', holiday: 'feestdag', closure: 'sluitingsdag' };

export function explain(calendar: WorkingDayCalendar, from: string, workingDays: number, json: boolean): string {
  if (!WITH_OFFSET.test(from) || Number.isNaN(Date.parse(from))) {
    throw new Error(`"${from}" is not an ISO 8601 instant with a time zone offset, e.g. 2026-12-24T16:00:00+01:00`);
  }
  const result = calendar.addWorkingDays(new Date(from), workingDays);
  const deadline = formatAmsterdam(result.deadline);
  if (json) {
    return JSON.stringify({ from, workingDays, deadline, calendarVersion: result.calendarVersion, skipped: result.skipped });
  }
  const lines = [`${from} + ${workingDays} werkdagen -> ${deadline} (kalender ${result.calendarVersion})`];
  for (const day of result.skipped) lines.push(`  ${day.date}  ${REASONS[day.reason]}${day.name ? `: ${day.name}` : ''}`);
  if (result.skipped.length === 0) lines.push('  geen dagen overgeslagen');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { from: { type: 'string', multiple: true }, 'working-days': { type: 'string' }, json: { type: 'boolean' } },
      strict: true,
    });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { from = [], 'working-days': days, json = false } = parsed.values;
  const workingDays = Number(days);
  if (from.length === 0 || !days || !Number.isInteger(workingDays) || workingDays < 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const calendar = await calendarInForce();
  let failures = 0;
  const print = (instant: string) => {
    try {
      process.stdout.write(`${explain(calendar, instant.trim(), workingDays, json)}\n`);
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
