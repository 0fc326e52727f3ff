import { ApplicationFailure } from '@temporalio/workflow';
import type { ZodSafeParseResult } from 'zod';
import { formatIssues } from '../../schemas/errors';

/** Refuses an update in its validator: the caller gets the message, the history gets nothing. */
export function refuse(message: string): never {
  throw ApplicationFailure.nonRetryable(message, 'InvalidAction');
}

/** The parsed input, or a refusal naming each bad field and its rule. */
export function check<T>(r: ZodSafeParseResult<T>): T {
  if (!r.success) refuse(formatIssues(r.error.issues));
  return r.data;
}

export function requireStage<S extends string>(stage: S, action: string, allowed: readonly S[]): void {
  if (!allowed.includes(stage)) refuse(`cannot ${action}: the case is ${stage}`);
}
