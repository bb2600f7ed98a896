// Test files share one process: keep the Temporal SDK's own logging (TypeScript and Rust core)
// to errors; the failure tests provoke expected warnings.
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
} catch {
  // Already installed by an earlier test file in this process.
}
