import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';

/** The case refused the action (its update validator or handler said why); nothing changed. */
export class CaseActionRefusedError extends Error {
  override name = 'CaseActionRefusedError';
}

/** No open case for that business key. */
export class CaseNotFoundError extends Error {
  override name = 'CaseNotFoundError';
}

/** Turns Temporal's errors around an update into the reason the case gave. */
export function explainUpdateError(err: unknown, what: string): Error {
  if (err instanceof WorkflowUpdateFailedError) {
    const cause = err.cause as Error | undefined;
    return new CaseActionRefusedError(`${what} refused: ${cause?.message ?? err.message}`);
  }
  if (err instanceof WorkflowNotFoundError) return new CaseNotFoundError(`${what}: no open case (${err.message})`);
  const msg = (err as Error)?.message ?? String(err);
  if (/already completed|not found/i.test(msg)) return new CaseNotFoundError(`${what}: no open case (${msg})`);
  return err as Error;
}
