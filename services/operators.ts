import type { Principal } from '../rules/roles';
import { parseInput } from '../schemas/errors';
import { OperatorSchema, type OperatorInput } from '../schemas/operators';
import { withTransaction } from '../store/db';
import { upsertOperator } from '../store/operators';
import { appendRecord } from '../store/records';
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

/** The caller may not change the roster: only an admin may. Nothing changed. */
export class RosterChangeRefusedError extends Error {
  override name = 'RosterChangeRefusedError';
}

/**
 * Adds, changes or deactivates an operator, and records the change in the record chain (who made it,
 * the roles and state it set, the roster version) in the same transaction: who could act on a case,
 * and since when, is part of reconstructing any decision (Art. 19). Then tells every open case on this
 * task queue, of every kind, to read the roster again from the store. The signal carries nothing a
 * case would trust. The display name (a real name) stays in the roster tables, out of the chain.
 * `reason`: why, as the admin gave it, for the record.
 */
export async function setOperator(deps: ServiceDeps, by: Principal, raw: OperatorInput, reason?: string): Promise<RosterBroadcast> {
  if (!by.roles.includes('admin')) {
    throw new RosterChangeRefusedError(`"${by.id}" (roles: ${by.roles.join(', ') || 'none'}) may not change the roster; it needs the admin role`);
  }
  const op = parseInput(OperatorSchema, raw, 'operator');
  const { version, changed } = await withTransaction(deps.db, async (tx) => {
    const out = await upsertOperator(tx, op);
    if (out.changed) {
      await appendRecord(tx, {
        idempotencyKey: `roster:${out.version}`,
        caseRef: null,
        accountId: null,
        action: 'roster_change',
        article: '第十九条',
        actor: by.id,
        // The admin's own words when given (the API asks for them); else what changed.
        reason: reason ?? (op.active ? `operator ${op.id} set to roles ${op.roles.join(', ')}` : `operator ${op.id} taken off the roster`),
        evidence: { operatorId: op.id, roles: op.roles, active: op.active, rosterVersion: out.version },
      });
    }
    return out;
  });
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
