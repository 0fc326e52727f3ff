import type { WorkflowHandle } from '@temporalio/client';
import { eventually } from './wait';

/**
 * How long a case may take to settle (or a roster change to reach it). Alone, each workflow task takes 30-270 ms; with the whole suite
 * on two shared cores, single tasks were seen taking 5-10 s (the SDK's TMPRL1104 warnings), and one
 * over 10 s times out and runs again: a settle of a few tasks and activities needs far more than 10 s.
 */
export const SETTLE_MS = 60_000;

/**
 * Until the case has carried out what it owes (its activities done, their records written) and waits:
 * no activity pending and no workflow task scheduled or running. Compare history sizes only after this.
 */
export function settled(handle: WorkflowHandle, timeoutMs = SETTLE_MS): Promise<void> {
  return eventually(async () => {
    const { raw } = await handle.describe();
    expect([raw.pendingActivities?.length ?? 0, raw.pendingWorkflowTask ?? null]).toEqual([0, null]);
  }, timeoutMs);
}
