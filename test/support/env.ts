import type { EphemeralServerExecutable } from '@temporalio/testing/lib/ephemeral-server';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { connectDatabase, type Sql } from '../../src/db/db';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (test/support/globalSetup.ts)`);
  return value;
}

/** The run's embedded Postgres (migrated). */
export function testDatabase(): Sql {
  return connectDatabase(required('KF_TEST_DATABASE_URL'), 4);
}

/** The run's Temporal dev server. */
export function devServerAddress(): string {
  return required('KF_TEST_TEMPORAL_ADDRESS');
}

/** The time-skipping test server, provided by src/infra/binaries.ts. */
export function testServerExecutable(): EphemeralServerExecutable {
  return JSON.parse(required('KF_TEST_SERVER_EXECUTABLE')) as EphemeralServerExecutable;
}

let bundle: Promise<WorkflowBundle> | undefined;
/** The workflow code, bundled once per test file. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quietLogger });
  return bundle;
}

const quietLogger = {
  log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined,
  warn: () => undefined, error: (message: string) => console.error(message),
};
