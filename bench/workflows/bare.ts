/**
 * The bench's baselines: bare Temporal workflows on the same server, beside which Klachtflow's
 * figures are given as ratios.
 */
import { sleep } from '@temporalio/workflow';

/** A start and nothing else: the baseline of intake. */
export async function emptyWorkflow(): Promise<void> {
  // Nothing: the start, its first workflow task and its completion are what is measured.
}

/** The same timers as a case, one after the other, and nothing else: the baseline of a lifecycle. */
export async function timersWorkflow(at: string[]): Promise<void> {
  for (const when of at) await sleep(Math.max(1, Date.parse(when) - Date.now()));
}
