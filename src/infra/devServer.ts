import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { devServerSearchAttributeFlags, CASE_SEARCH_ATTRIBUTES } from '../temporal/searchAttributes';
import { connectTemporal } from '../temporal/connection';
import { resolveTemporalCli } from './binaries';
import { spawnManaged } from './processes';

export interface DevServerHandle {
  address: string;
  uiUrl?: string;
  /** The server's process id (not known when the SDK started it). */
  pid?: number;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  port: number;
  /** Omit for no Web UI. */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; omit for an in-memory server. */
  dbFile?: string;
  /** Where the server's own output goes; omit to discard it. */
  logFile?: string;
  namespace?: string;
  /** The Web UI served under this path (behind the web app's /admin/temporal), with this remote codec. */
  ui?: { publicPath: string; codecEndpoint: string };
}

/**
 * Starts `temporal server start-dev` with the project's search attributes registered, and waits
 * until its namespace answers.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServerHandle> {
  const namespace = opts.namespace ?? 'default';
  const address = `127.0.0.1:${opts.port}`;
  const executable = await resolveTemporalCli();

  if (executable.type === 'cached-download') {
    // No binary could be provided here: let the SDK download one (needs internet).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { TestWorkflowEnvironment } = require('@temporalio/testing') as typeof import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable, ip: '127.0.0.1', port: opts.port, namespace, dbFilename: opts.dbFile,
        ui: opts.uiPort !== undefined, uiPort: opts.uiPort, searchAttributes: CASE_SEARCH_ATTRIBUTES,
      },
    });
    return { address, uiUrl: uiUrl(opts.uiPort), stop: () => env.teardown() };
  }

  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1', '--port', String(opts.port), '--namespace', namespace,
    '--log-level', 'warn', ...devServerSearchAttributeFlags(),
    ...(opts.uiPort !== undefined ? ['--ui-port', String(opts.uiPort)] : ['--headless']),
    ...(opts.uiPort !== undefined && opts.ui ? ['--ui-public-path', opts.ui.publicPath, '--ui-codec-endpoint', opts.ui.codecEndpoint] : []),
    ...(opts.dbFile ? ['--db-filename', opts.dbFile, '--sqlite-pragma', 'journal_mode=wal'] : []),
  ];
  if (opts.dbFile) mkdirSync(path.dirname(opts.dbFile), { recursive: true });
  const server = spawnManaged(executable.path, args, {
    stdio: ['ignore', opts.logFile ? 'pipe' : 'ignore', opts.logFile ? 'pipe' : 'ignore'],
  });
  if (opts.logFile) {
    const log = createWriteStream(opts.logFile, { flags: 'a' });
    server.child.stdout!.pipe(log);
    server.child.stderr!.pipe(log);
  }
  const failed = server.exited.then((how) => {
    throw new Error(`temporal server start-dev ended (${how})${opts.logFile ? `; see ${opts.logFile}` : ''}`);
  });
  failed.catch(() => undefined);
  try {
    await Promise.race([waitForNamespace(address, namespace), failed]);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { address, uiUrl: uiUrl(opts.uiPort), pid: server.child.pid, stop: server.stop };
}

function uiUrl(port?: number): string | undefined {
  return port === undefined ? undefined : `http://localhost:${port}`;
}

async function waitForNamespace(address: string, namespace: string): Promise<void> {
  const connection = await connectTemporal(address, 60_000);
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await connection.close();
  }
}
