import { parseInput } from '../schemas/errors';
import { OperatorSchema, type OperatorInput } from '../schemas/operators';
import { withTransaction, type Tx } from '../store/db';
import { upsertOperator } from '../store/operators';
import { rosterChanged } from '../workflows/case/case';
import type { ServiceDeps } from './deps';

export interface RosterBroadcast {
  /** The roster version the change made (the store's sequence). */
  version: number;
  /** Open cases told to read the roster again. */
  told: number;
  /** Cases the signal did not reach (closed meanwhile, or an error); they read the roster when they next start. */
  failed: number;
}

/**
 * Adds, changes or deactivates an operator, then tells every open case on this task queue, of every
 * kind, to read the roster again from the store. The signal carries nothing a case would trust.
 * `alongside` runs in the change's transaction when something changed (the API records who made it):
 * the change and its record stand or fall together.
 */
export async function setOperator(
  deps: ServiceDeps,
  raw: OperatorInput,
  alongside?: (tx: Tx, change: { version: number }) => Promise<void>,
): Promise<RosterBroadcast> {
  const op = parseInput(OperatorSchema, raw, 'operator');
  const { version, changed } = await withTransaction(deps.db, async (tx) => {
    const out = await upsertOperator(tx, op);
    if (out.changed && alongside) await alongside(tx, out);
    return out;
  });
  let told = 0;
  let failed = 0;
  if (!changed) return { version, told, failed };
  const query = `TaskQueue = "${deps.taskQueue}" AND CaseKind IS NOT NULL AND ExecutionStatus = "Running"`;
  for await (const wf of deps.client.workflow.list({ query })) {
    try {
      await deps.client.workflow.getHandle(wf.workflowId, wf.runId).signal(rosterChanged);
      told++;
    } catch {
      // One case that cannot be told (closed since the eventually consistent listing) stops nothing.
      failed++;
    }
  }
  return { version, told, failed };
}
