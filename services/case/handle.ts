import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type { Principal } from '../../rules/roles';
import { AccountIdSchema } from '../../schemas/common';
import { parseInput } from '../../schemas/errors';
import { caseWorkflowId } from '../../workflows/case/ids';
import type { ProcessInfo } from '../../workflows/case/process';
import type { ServiceDeps } from '../deps';
import type { OpeningCase } from '../../workflows/case/case';
import { CaseNotFoundError, explainUpdateError } from './errors';
import { newRequestId } from '../../security/action-signer';
import type { ActionSeal } from '../../security/action-seal';

export interface ActionOptions {
  /**
   * The caller's id for this action. A caller that retries (after a timeout, say) with the same id gets
   * the first attempt's result instead of acting twice. It is the caller's own: another principal's
   * action with the same id is another request.
   */
  requestId?: string;
}

/** The open (or last) case of a kind for an account. */
export function caseHandle(deps: ServiceDeps, process: ProcessInfo, accountId: string) {
  return deps.client.workflow.getHandle(caseWorkflowId(process.kind, parseInput(AccountIdSchema, accountId, 'accountId')));
}

/**
 * Who an action is sent for: an operator acting in their own name, or a party (the account holder, a
 * transfer's receiving side) through a platform service.
 */
export type ActingFor = 'operator' | 'holder' | 'receiver';

/** The actor a case records for a party's own action: `holder:<accountId>`, `receiver:<accountId>`. */
export const partyActor = (party: Exclude<ActingFor, 'operator'>, accountId: string) => `${party}:${accountId}`;
/** The account holder's own actions. */
export const holderActor = (accountId: string) => partyActor('holder', accountId);

/**
 * Validates the action here (a clear error before anything is sent), then sends it as an update; the
 * case checks it again (its validator knows the stage, the deadline and the operator roster). The
 * actor is the caller's principal, never a field of the body; the action goes sealed with the API's
 * key (security/action-seal.ts), which the case verifies before it believes any of it.
 */
export async function sendAction<Ret, A, S extends z.ZodType>(
  deps: ServiceDeps,
  by: Principal,
  process: ProcessInfo,
  accountId: string,
  update: UpdateDefinition<Ret, [A, ActionSeal?]>,
  schema: S,
  raw: unknown,
  opts: ActionOptions & { actingFor: ActingFor },
): Promise<Ret> {
  const handle = caseHandle(deps, process, accountId);
  const body = parseInput(schema, raw, update.name) as Record<string, unknown>;
  // Cases opened before actions were signed read the operator from the input; signed ones check it.
  const input = opts.actingFor === 'operator' ? { ...body, operatorId: by.id } : body;
  // The update id is the request id: Temporal runs it once, and the seal is good for that update only.
  // A caller's key is scoped to the caller (roster ids have no ':'): with a bare key, a second operator
  // choosing the same one would get the first one's result back, and their own action would never run.
  const requestId = opts.requestId ? `${by.id}:${opts.requestId}` : newRequestId();
  const party = opts.actingFor === 'operator' ? undefined : opts.actingFor;
  const seal = await deps.signer.seal({
    actor: party ? partyActor(party, accountId) : by.id,
    ...(party ? { via: by.id } : {}),
    workflowId: handle.workflowId,
    action: update.name,
    requestId,
    input,
  });
  try {
    return await handle.executeUpdate<Ret, [unknown, unknown]>(update.name, { args: [input, seal], updateId: requestId });
  } catch (err) {
    throw explainUpdateError(err, `${update.name} for account ${accountId}`);
  }
}

/**
 * The case as it stands: stage, deadline, every event with its author. A case answers 'opening' until
 * its worker has read its terms and roster (a moment after the start); this waits that moment out.
 */
export async function readCase<T extends { stage: string }>(
  deps: ServiceDeps,
  process: ProcessInfo,
  accountId: string,
  query: QueryDefinition<T>,
  opts: { waitMs?: number } = {},
): Promise<Exclude<T, OpeningCase>> {
  const until = Date.now() + (opts.waitMs ?? 10_000);
  for (;;) {
    let state: T;
    try {
      state = await caseHandle(deps, process, accountId).query(query);
    } catch (err) {
      throw explainUpdateError(err, `${process.kind} case of account ${accountId}`);
    }
    if (state.stage !== 'opening') return state as Exclude<T, OpeningCase>;
    if (Date.now() > until) throw new CaseNotFoundError(`${process.kind} case of account ${accountId} is still opening: is a worker running?`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
