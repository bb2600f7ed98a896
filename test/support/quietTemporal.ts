// Test files share one process: keep the Temporal worker's own logging to errors (failure tests provoke expected warnings).
import { DefaultLogger, Runtime } from '@temporalio/worker';

try {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
} catch {
  // Already installed by an earlier test file in this process.
}
