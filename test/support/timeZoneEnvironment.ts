/**
 * A node test environment that runs its test files in another host time zone: it sets the real
 * process.env.TZ in setup() (Node applies a changed TZ at once, to every context of the process)
 * and restores it in teardown(). With `jest --runInBand` that is the main process; in a worker it
 * is the worker. Used by the time zone projects of jest.config.js, which run the pure calendar
 * tests under several zones: no date may depend on the host's zone.
 *
 * The project's testEnvironmentOptions name the zone and its known UTC offsets; the tests see
 * them as `globalThis.testTimeZone`, and test/unit/timeZone.test.ts asserts that the zone really
 * took effect, so that a silently ignored TZ fails the run instead of proving nothing.
 */
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import NodeEnvironment from 'jest-environment-node';

export interface TestTimeZone {
  /** IANA name, e.g. Pacific/Kiritimati. */
  timeZone: string;
  /** `new Date(2026, 0, 1).getTimezoneOffset()` in that zone (minutes; UTC+14 is -840). */
  januaryOffset: number;
  /** `new Date(2026, 6, 1).getTimezoneOffset()` in that zone. */
  julyOffset: number;
}

export default class TimeZoneEnvironment extends NodeEnvironment {
  private readonly zone: TestTimeZone;
  private previousTimeZone: string | undefined;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    const { timeZone, januaryOffset, julyOffset } = config.projectConfig.testEnvironmentOptions as Partial<TestTimeZone>;
    if (typeof timeZone !== 'string' || typeof januaryOffset !== 'number' || typeof julyOffset !== 'number') {
      throw new Error('timeZoneEnvironment needs testEnvironmentOptions { timeZone, januaryOffset, julyOffset }');
    }
    this.zone = { timeZone, januaryOffset, julyOffset };
    this.global.testTimeZone = { ...this.zone };
  }

  override async setup(): Promise<void> {
    await super.setup();
    this.previousTimeZone = process.env.TZ;
    process.env.TZ = this.zone.timeZone;
    // The test's `process` is a copy made in the constructor: let it show the zone too.
    this.global.process.env.TZ = this.zone.timeZone;
  }

  override async teardown(): Promise<void> {
    // Assigning undefined would set the text "undefined": delete instead.
    if (this.previousTimeZone === undefined) delete process.env.TZ;
    else process.env.TZ = this.previousTimeZone;
    await super.teardown();
  }
}
