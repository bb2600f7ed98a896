/**
 * Runs in each time zone project of jest.config.js: the host zone of the process really is the
 * project's zone, so the calendar tests beside it prove that no date depends on it.
 */
import type { TestTimeZone } from '../support/timeZoneEnvironment';

declare global {
  // eslint-disable-next-line no-var
  var testTimeZone: TestTimeZone | undefined;
}

test('the host time zone is the one of this project', () => {
  const zone = globalThis.testTimeZone;
  expect(zone).toBeDefined(); // only the time zone projects run this file
  expect(process.env.TZ).toBe(zone!.timeZone);
  expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(zone!.januaryOffset);
  expect(new Date(2026, 6, 1).getTimezoneOffset()).toBe(zone!.julyOffset);
  expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone!.timeZone);
});
