/** `npm run deadline` as staff use it: a real process, arguments and standard input. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function deadline(args: string[], input?: string, env: NodeJS.ProcessEnv = { DATABASE_URL: '' }) {
  return spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'deadline.ts'), ...args], {
    cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, ...env },
  });
}

test('prints the deadline and the days it skipped', () => {
  const run = deadline(['--from', '2026-12-24T16:00:00+01:00', '--working-days', '34']);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain('2026-12-24T16:00:00+01:00 + 34 werkdagen -> 2027-02-12T23:59:59.999+01:00');
  // The words of src/calendar/explain.ts, as on the admin case page.
  expect(run.stdout).toContain('  34 werkdagen na donderdag 24 december 2026: vrijdag 12 februari 2027, einde van de dag.\n');
  expect(run.stdout).toContain('  Overgeslagen: vr 25 dec (Eerste Kerstdag), za 26 en zo 27 dec (weekend), vr 1 jan (Nieuwjaarsdag), ');
});

test('--calendar-days: a period in calendar days, extended past Christmas (Algemene termijnenwet, art. 1)', () => {
  // Wednesday 25 November 2026 + 30 = Friday 25 December, Eerste Kerstdag; 26/27 weekend -> Monday 28 December.
  const run = deadline(['--from', '2026-11-25T14:00:00+01:00', '--calendar-days', '30']);
  expect(run.status).toBe(0);
  expect(run.stdout.split('\n').slice(1, 4)).toEqual([
    '  30 kalenderdagen na woensdag 25 november 2026: maandag 28 december 2026, einde van de dag.',
    '  De laatste dag, vrijdag 25 december 2026, is een feestdag (Eerste Kerstdag); de termijn loopt daarom door tot en met maandag 28 december 2026 (Algemene termijnenwet, art. 1).',
    '  Overgeslagen: vr 25 dec (Eerste Kerstdag), za 26 en zo 27 dec (weekend).',
  ]);
  expect(run.stdout).toContain('2026-11-25T14:00:00+01:00 + 30 kalenderdagen -> 2026-12-28T23:59:59.999+01:00');

  // Monday 15 March 2027 + 30 = Wednesday 14 April 2027: no extension.
  const json = deadline(['--from', '2026-11-25T14:00:00+01:00', '--from', '2027-03-15T10:00:00+01:00', '--calendar-days', '30', '--json']);
  expect(json.status).toBe(0);
  const [extended, plain] = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const days = [
    { date: '2026-12-25', reason: 'holiday', name: 'Eerste Kerstdag' },
    { date: '2026-12-26', reason: 'weekend' },
    { date: '2026-12-27', reason: 'weekend' },
  ];
  expect(extended).toEqual({
    from: '2026-11-25T14:00:00+01:00',
    calendarDays: 30,
    deadline: '2026-12-28T23:59:59.999+01:00',
    calendarVersion: expect.stringMatching(/^nl-atw-1\//),
    skipped: days,
    extension: { originalEnd: '2026-12-25', days },
  });
  expect(plain).toMatchObject({ calendarDays: 30, deadline: '2027-04-14T23:59:59.999+02:00', skipped: [], extension: null });
});

test('the answers do not depend on the host time zone', () => {
  const args = ['--from', '2026-12-24T16:00:00+01:00', '--from', '2027-04-30T12:00:00+02:00', '--working-days', '5', '--json'];
  const runs = ['UTC', 'Pacific/Kiritimati', 'Pacific/Honolulu'].map((TZ) => deadline(args, undefined, { DATABASE_URL: '', TZ }));
  expect(runs.map((r) => r.status)).toEqual([0, 0, 0]);
  expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
  expect(runs[2]!.stdout).toBe(runs[0]!.stdout);
  expect(runs[0]!.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { deadline: string }).deadline))
    .toEqual(['2027-01-04T23:59:59.999+01:00', '2027-05-11T23:59:59.999+02:00']);
});

test('--json prints one object per line, for several --from values and for standard input', () => {
  const run = deadline(
    ['--from', '2026-12-24T16:00:00+01:00', '--from', '-', '--working-days', '5', '--json'],
    '2027-03-26T10:00:00+01:00\n\n2026-11-27T23:59:00+01:00\n',
  );
  expect(run.status).toBe(0);
  const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.map((l) => [l.from, l.deadline])).toEqual([
    ['2026-12-24T16:00:00+01:00', '2027-01-04T23:59:59.999+01:00'],
    ['2027-03-26T10:00:00+01:00', '2027-04-05T23:59:59.999+02:00'],
    ['2026-11-27T23:59:00+01:00', '2026-12-04T23:59:59.999+01:00'],
  ]);
  expect(lines[0]).toMatchObject({ workingDays: 5, calendarVersion: expect.stringMatching(/^nl-atw-1\//) });
  expect(lines[1]!.skipped).toContainEqual({ date: '2027-03-29', reason: 'holiday', name: 'Tweede Paasdag' });
});

test('refuses instants without an offset and bad arguments, with a reason', () => {
  const bad = deadline(['--from', '2026-12-24 16:00', '--working-days', '5']);
  expect(bad.status).toBe(1);
  expect(bad.stderr).toContain('is not an ISO 8601 instant with a time zone offset');
  const usage = deadline(['--from', '2026-12-24T16:00:00+01:00', '--working-days', 'vijf']);
  expect(usage.status).toBe(2);
  expect(usage.stderr).toContain('usage: npm run deadline');
  // Exactly one of --working-days and --calendar-days.
  for (const args of [['--working-days', '5', '--calendar-days', '30'], [], ['--calendar-days', '0']]) {
    const run = deadline(['--from', '2026-12-24T16:00:00+01:00', ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('(--working-days <N> | --calendar-days <N>)');
  }
});

test('with DATABASE_URL it uses the closure days of the settings', async () => {
  const { connectDatabase } = await import('../../src/db/db');
  const { saveSetting, loadSettings } = await import('../../src/db/settings');
  const sql = connectDatabase(process.env.KF_TEST_DATABASE_URL!, 1);
  const before = (await loadSettings(sql)).calendar;
  await saveSetting(sql, 'calendar', { ...before, closureDays: ['2026-12-28'] }, 'test');
  try {
    const run = deadline(['--from', '2026-12-24T16:00:00+01:00', '--working-days', '1', '--json'], undefined,
      { DATABASE_URL: process.env.KF_TEST_DATABASE_URL });
    expect(JSON.parse(run.stdout)).toMatchObject({ deadline: '2026-12-29T23:59:59.999+01:00' });
    expect(JSON.parse(run.stdout).skipped).toContainEqual({ date: '2026-12-28', reason: 'closure' });
  } finally {
    await saveSetting(sql, 'calendar', before, 'test');
    await sql.end();
  }
});
