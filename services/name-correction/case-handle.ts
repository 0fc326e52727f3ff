import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import { AccountIdSchema } from '../../schemas/common';
import { parseInput } from '../../schemas/errors';
import { nameCorrectionWorkflowId } from '../../workflows/name-correction/workflow';
import type { ServiceDeps } from '../deps';
import { explainUpdateError } from '../errors';

export interface ActionOptions {
  /**
   * The caller's id for this action. A caller that retries (after a timeout, say) with the same id gets
   * the first attempt's result instead of acting twice.
   */
  requestId?: string;
}

export function caseHandle(deps: ServiceDeps, accountId: string) {
  return deps.client.workflow.getHandle(nameCorrectionWorkflowId(parseInput(AccountIdSchema, accountId, 'accountId')));
}

/**
 * Validates the action here (a clear error before anything is sent), then sends it as an update; the
 * case checks it again (its validator knows the stage, the deadline and the operator roster).
 */
export async function sendCaseUpdate<Ret, S extends z.ZodType>(
  deps: ServiceDeps,
  accountId: string,
  update: UpdateDefinition<Ret, [z.output<S>]>,
  schema: S,
  raw: unknown,
  opts: ActionOptions = {},
): Promise<Ret> {
  const handle = caseHandle(deps, accountId);
  const input = parseInput(schema, raw, update.name);
  try {
    return await handle.executeUpdate(update, { args: [input], ...(opts.requestId ? { updateId: opts.requestId } : {}) });
  } catch (err) {
    throw explainUpdateError(err, `${update.name} for account ${accountId}`);
  }
}
