import type { EphemeralServerExecutable } from '@temporalio/testing/lib/ephemeral-server';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { connectDatabase, type Sql } from '../../src/db/db';
import { FAILURE_CONVERTER_PATH, temporalEncryption } from '../../src/temporal/codec';

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
/** The workflow code, bundled once per test file, with the failure converter of the codec. */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), failureConverterPath: FAILURE_CONVERTER_PATH, logger: quietLogger });
  return bundle;
}

/**
 * The tests' encryption keys: the first encrypts, both decrypt (as KLACHTFLOW_ENCRYPTION_KEYS).
 * Never change them: the encrypted fixtures in test/fixtures/histories were recorded with them.
 */
export const TEST_ENCRYPTION_KEYS = 'test-2:3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=,test-1:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=';
/** Codec and data converter with the tests' keys, as every client and worker of the suite uses them. */
export const testEncryption = () => temporalEncryption({ encryptionKeys: TEST_ENCRYPTION_KEYS });

const quietLogger = {
  log: () => undefined, trace: () => undefined, debug: () => undefined, info: () => undefined,
  warn: () => undefined, error: (message: string) => console.error(message),
};
