import { z } from 'zod';
import type { CaseTerms } from '../workflows/case/process';
import { DurationSchema } from './duration';

/** The terms every deadline-bound process shares; each process has a policy section of this shape. */
export const CaseTermsSchema = z
  .strictObject({
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
  })
  .superRefine((t, ctx) => {
    t.remindBefore.forEach((r, i) => {
      if (r >= t.window) ctx.addIssue({ code: 'custom', path: ['remindBefore', i], message: 'must be shorter than window' });
    });
  });

export type CaseTermsPolicy = z.output<typeof CaseTermsSchema>;

/** The terms a new case of a process runs under, as its history will show them. */
export function caseTerms(policyVersion: string, t: CaseTermsPolicy): CaseTerms {
  return {
    policyVersion,
    windowMs: t.window,
    remindBeforeMs: t.remindBefore,
    maxExtensionMs: t.maxExtension,
    maxSubmissions: t.maxSubmissions,
    confirmWithinMs: t.confirmWithin,
    sealMaxAgeMs: t.sealMaxAge,
  };
}
