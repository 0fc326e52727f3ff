import { z } from 'zod';
import type { CaseTerms } from '../workflows/case/process';
import { DurationSchema } from './duration';

/** The terms every deadline-bound process shares; each process has a policy section of this shape. */
const CASE_TERMS_SHAPE = {
  /** How long the party that must act has (Art. 8 ¶2 "限期改正" for name correction). */
  window: DurationSchema,
  /** Reminders sent this long before the deadline. */
  remindBefore: z.array(DurationSchema).max(10),
  /** An operator may move a deadline at most this far past the current one in one extension. */
  maxExtension: DurationSchema,
  /** Submissions one case accepts: enough for honest retries, bounded against spam. */
  maxSubmissions: z.number().int().min(1).max(100),
  /** Four eyes: how long a termination waits for a proposal, or a proposal for its confirmation, before it is escalated. */
  confirmWithin: DurationSchema,
  /** How old a signed action may be when the case receives it (replayed old requests are refused). */
  sealMaxAge: DurationSchema,
};

/** Deadlines' reminders fall inside their window. */
export function remindersInsideWindow(t: { window: number; remindBefore: number[] }, ctx: z.RefinementCtx): void {
  t.remindBefore.forEach((r, i) => {
    if (r >= t.window) ctx.addIssue({ code: 'custom', path: ['remindBefore', i], message: 'must be shorter than window' });
  });
}

/**
 * The shared terms as an object schema, for a process whose section adds its own (a transfer's notice
 * period, say): `CaseTermsObject.extend({ ... }).superRefine(remindersInsideWindow)`. Extra keys reach
 * the case's terms as they are (durations in milliseconds).
 */
export const CaseTermsObject = z.strictObject(CASE_TERMS_SHAPE);

export const CaseTermsSchema = CaseTermsObject.superRefine(remindersInsideWindow);

export type CaseTermsPolicy = z.output<typeof CaseTermsSchema>;

/** The terms a new case of a process runs under, as its history will show them; a section's own keys come along. */
export function caseTerms(policyVersion: string, t: CaseTermsPolicy & Record<string, unknown>): CaseTerms {
  const { window, remindBefore, maxExtension, maxSubmissions, confirmWithin, sealMaxAge, ...own } = t;
  return {
    ...own,
    policyVersion,
    windowMs: window,
    remindBeforeMs: remindBefore,
    maxExtensionMs: maxExtension,
    maxSubmissions,
    confirmWithinMs: confirmWithin,
    sealMaxAgeMs: sealMaxAge,
  };
}
