import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { progress } from './binaries';

export interface ManagedProcess {
  child: ChildProcess;
  /** Resolves with how the process ended. */
  exited: Promise<string>;
  /** SIGTERM, then SIGKILL if it has not ended within 10 seconds. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  // Detached children do not get the terminal's signals: never leave one behind.
  for (const child of running) signalGroup(child, 'SIGKILL');
});

/** Signals the child's whole process group (a wrapper and what it started, e.g. Postgres). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    child.kill(signal); // the group is gone already, or never formed
  }
}

/**
 * Spawns a long-running child in its own process group, so that Ctrl-C reaches only the parent,
 * which then stops its children in the right order.
 */
export function spawnManaged(command: string, args: string[], options: SpawnOptions = {}): ManagedProcess {
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(signal ?? `exit code ${code}`);
    });
    child.once('error', (err) => {
      running.delete(child);
      resolve(`failed to start: ${err.message}`);
    });
  });
  return {
    child,
    exited,
    async stop() {
      if (!running.has(child)) return;
      signalGroup(child, 'SIGTERM');
      const timer = setTimeout(() => {
        progress(`${command} (pid ${child.pid}) did not stop within 10 s: killing it`);
        signalGroup(child, 'SIGKILL');
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
