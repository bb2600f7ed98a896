/**
 * Two kinds of projects, one `jest --runInBand` run:
 * - `default`: every test, against the real servers that globalSetup starts once per run
 *   (embedded Postgres, the Temporal dev server, the test server binary);
 * - one project per host time zone, running only the pure calendar and deadline tests under
 *   that zone (test/support/timeZoneEnvironment.ts): every date must come out the same under
 *   each. Those tests need no servers, so they are left out of `default`, and running only them
 *   (`npx jest test/unit/workingDays.test.ts`) starts none.
 * A new pure calendar test belongs in CALENDAR_TESTS.
 */
const CALENDAR_TESTS = [
  'test/unit/timeZone.test.ts', // proves that each project's zone took effect
  'test/unit/workingDays.test.ts',
  'test/unit/calendarDays.test.ts',
  'test/unit/explain.test.ts',
  'test/unit/caseDeadlines.test.ts',
  'test/unit/period.test.ts',
  'test/unit/whatIf.test.ts',
];

/**
 * Zones far apart: UTC; UTC+14 all year (noon there is the day before in Amsterdam); UTC-8/-7,
 * with daylight saving time on other dates than Europe's; UTC-10 all year (noon there is the
 * next day in Amsterdam in summer, which Los Angeles does not reach).
 */
const TIME_ZONES = [
  { timeZone: 'UTC', januaryOffset: 0, julyOffset: 0 },
  { timeZone: 'Pacific/Kiritimati', januaryOffset: -840, julyOffset: -840 },
  { timeZone: 'America/Los_Angeles', januaryOffset: 480, julyOffset: 420 },
  { timeZone: 'Pacific/Honolulu', januaryOffset: 600, julyOffset: 600 },
];

const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};

const escape = (file) => file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'default',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...CALENDAR_TESTS.map((file) => `<rootDir>/${escape(file)}$`)],
      // Real servers for the whole run: embedded Postgres, the Temporal dev server, the test server binary.
      globalSetup: '<rootDir>/test/support/globalSetup.ts',
      globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
      setupFiles: ['<rootDir>/test/support/quietTemporal.ts', '<rootDir>/test/support/htmlCapture.ts'],
    },
    ...TIME_ZONES.map((zone) => ({
      ...common,
      displayName: `TZ=${zone.timeZone}`,
      testMatch: CALENDAR_TESTS.map((file) => `<rootDir>/${file}`),
      testEnvironment: '<rootDir>/test/support/timeZoneEnvironment.ts',
      testEnvironmentOptions: zone,
    })),
  ],
};
