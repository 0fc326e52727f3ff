import { parseInput } from '../schemas/errors';
import { OperatorSchema, type OperatorInput } from '../schemas/operators';
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
 */
export async function setOperator(deps: ServiceDeps, raw: OperatorInput): Promise<RosterBroadcast> {
  const op = parseInput(OperatorSchema, raw, 'operator');
  const { version, changed } = await upsertOperator(deps.db, op);
  if (!changed) return { version, told: 0, failed: 0 };
  return { version, ...(await tellOpenCases(deps)) };
}

/**
 * Tells every open case on this task queue, of every kind, to read the roster and the trusted action
 * keys again from its worker: after a roster change, and after the workers got a new key (rotation).
 */
export async function tellOpenCases(deps: ServiceDeps): Promise<{ told: number; failed: number }> {
  let told = 0;
  let failed = 0;
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
  return { told, failed };
}
