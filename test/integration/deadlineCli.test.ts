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
  expect(run.stdout).toContain('2026-12-25  feestdag: Eerste Kerstdag');
  expect(run.stdout).toContain('2027-01-01  feestdag: Nieuwjaarsdag');
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
