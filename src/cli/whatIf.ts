/**
 * `npm run what-if -- --from 2026-01-01 --to 2026-06-30 [--response-days 5] [--settlement-days 34]
 *   [--pause | --no-pause] [--closure-day 2026-05-15 ...] [--objection-window 30] [--json]`
 *
 * What a policy change would have meant over a past period (src/analysis/whatIf.ts): the cases
 * received in the period measured under the rules in force (the administrators' settings) and
 * under the proposed ones, side by side. Options not given keep the rule in force.
 * Exit codes: 0 printed; 2 bad input, with the reason; 1 anything else (no database ...).
 */
import { parseArgs } from 'node:util';
import type { Period } from '../analysis/period';
import { parseWhatIfRequest, rulesOf, whatIf, type WhatIfChangeRequest, type WhatIfResult } from '../analysis/whatIf';
import { loadSettings } from '../db/settings';
import { recordedCases } from '../db/whatIfCases';
import { runDatabaseCommand, UsageError } from './databaseCommand';

const USAGE = 'usage: npm run what-if -- --from <yyyy-mm-dd> --to <yyyy-mm-dd> [--response-days N] [--settlement-days N]\n'
  + '         [--pause | --no-pause] [--closure-day <yyyy-mm-dd> ...] [--objection-window N] [--json]';


export interface WhatIfRequest {
  period: Period;
  change: WhatIfChangeRequest;
  json: boolean;
}

export function parseWhatIfArgs(argv: string[]): WhatIfRequest {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' }, to: { type: 'string' },
        'response-days': { type: 'string' }, 'settlement-days': { type: 'string' },
        pause: { type: 'boolean' }, 'no-pause': { type: 'boolean' },
        'closure-day': { type: 'string', multiple: true }, 'objection-window': { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.pause && values['no-pause']) throw new UsageError('Kies --pause of --no-pause, niet beide. (Choose one.)');
  const parsed = parseWhatIfRequest({
    from: values.from, to: values.to, responseDays: values['response-days'], settlementDays: values['settlement-days'],
    pause: values.pause ? 'on' : values['no-pause'] ? 'off' : undefined, closureDays: values['closure-day'] ?? [],
    objectionWindow: values['objection-window'],
  });
  if (!parsed.ok) throw new UsageError(`${parsed.error.nl} (${parsed.error.en})`);
  return { ...parsed.value, json: values.json ?? false };
}

export function renderWhatIf(r: WhatIfResult, period: Period, rules: ReturnType<typeof rulesOf>): string {
  const row = (label: string, a: number, b: number) => `  ${label.padEnd(48)} ${String(a).padStart(8)} ${String(b).padStart(10)}`;
  const lines = [
    `Wat als: ${period.label.nl} (${period.from} t/m ${period.to}), ${r.cases} meldingen`,
    `  regels nu:         reactie ${rules.current.responseWorkingDays} wd, afhandeling ${rules.current.resolutionWorkingDays} wd, `
      + `pauze ${rules.current.pauseWhileWaitingOnCustomer ? 'aan' : 'uit'}, bezwaartermijn ${rules.current.objectionWindowDays} dagen`,
    `  voorgestelde regels: reactie ${rules.proposed.responseWorkingDays} wd, afhandeling ${rules.proposed.resolutionWorkingDays} wd, `
      + `pauze ${rules.proposed.pauseWhileWaitingOnCustomer ? 'aan' : 'uit'}, bezwaartermijn ${rules.proposed.objectionWindowDays} dagen, `
      + `${rules.proposed.calendar.closureDays.length} sluitingsdagen`,
    '',
    `  ${''.padEnd(48)} ${'nu'.padStart(8)} ${'voorstel'.padStart(10)}`,
  ];
  for (const type of ['complaint', 'feedback'] as const) {
    const noun = type === 'complaint' ? 'klachten' : 'feedback';
    lines.push(row(`reactie op tijd (${noun})`, r.current.response[type].met, r.proposed.response[type].met));
    lines.push(row(`reactie te laat (${noun})`, r.current.response[type].breached, r.proposed.response[type].breached));
  }
  lines.push(row('klachten op tijd afgehandeld', r.current.resolution.met, r.proposed.resolution.met));
  lines.push(row('klachten te laat afgehandeld', r.current.resolution.breached, r.proposed.resolution.breached));
  lines.push(row('bezwaren binnen de termijn', r.current.objections.inWindow, r.proposed.objections.inWindow));
  lines.push(row('bezwaren buiten de termijn', r.current.objections.outsideWindow, r.proposed.objections.outsideWindow));
  lines.push('', `  ${r.changes.length} uitkomsten anders onder het voorstel${r.changes.length ? ':' : '.'}`);
  for (const c of r.changes.slice(0, 50)) lines.push(`    ${c.reference}  ${c.milestone}: ${c.current} -> ${c.proposed}`);
  if (r.changes.length > 50) lines.push(`    ... en ${r.changes.length - 50} meer (--json geeft ze allemaal)`);
  return `${lines.join('\n')}\n`;
}

if (require.main === module) {
  runDatabaseCommand({
    usage: USAGE,
    parse: parseWhatIfArgs,
    async run(sql, request) {
      const rules = rulesOf(await loadSettings(sql), request.change);
      const cases = await recordedCases(sql, request.period.startsAt, request.period.endsBefore);
      const result = whatIf(cases, rules.current, rules.proposed, new Date());
      return request.json
        ? `${JSON.stringify({ period: { from: request.period.from, to: request.period.to }, rules, ...result })}\n`
        : renderWhatIf(result, request.period, rules);
    },
  });
}
