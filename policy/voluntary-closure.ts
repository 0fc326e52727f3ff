import { z } from 'zod';
import { CaseTermsObject, remindersInsideWindow } from './case-terms';
import { DurationSchema } from './duration';

/**
 * Voluntary suspension and closure (Art. 11 ¶3). `window` is the longest a holder's suspension lasts:
 * one without an end date (or a later one) ends then. `remindBefore` reminds the holder before a
 * closure's freeze ends. `freeze`: how long a closure waits, during which the holder can cancel, by
 * follower count: a bigger audience gets longer to change its mind (and its readers longer to notice).
 */
const FreezeStepSchema = z.strictObject({
  /** The step applies to accounts with fewer followers than this; the last step has none (everyone else). */
  followersBelow: z.number().int().positive().optional(),
  period: DurationSchema,
});

export const VoluntaryClosureTermsSchema = CaseTermsObject.extend({
  freeze: z.array(FreezeStepSchema).min(1).max(10),
})
  .superRefine(remindersInsideWindow)
  .superRefine((t, ctx) => {
    t.freeze.forEach((step, i) => {
      const last = i === t.freeze.length - 1;
      if (last && step.followersBelow !== undefined) ctx.addIssue({ code: 'custom', path: ['freeze', i, 'followersBelow'], message: 'the last step must have no followersBelow: it covers every larger account' });
      if (!last && step.followersBelow === undefined) ctx.addIssue({ code: 'custom', path: ['freeze', i, 'followersBelow'], message: 'is required on every step but the last' });
      const prev = t.freeze[i - 1];
      if (prev && step.followersBelow !== undefined && prev.followersBelow !== undefined && step.followersBelow <= prev.followersBelow) {
        ctx.addIssue({ code: 'custom', path: ['freeze', i, 'followersBelow'], message: 'must be ascending: larger than the step before' });
      }
      if (prev && step.period < prev.period) ctx.addIssue({ code: 'custom', path: ['freeze', i, 'period'], message: 'must not be shorter than the step before' });
      t.remindBefore.forEach((r, j) => {
        if (r >= step.period) ctx.addIssue({ code: 'custom', path: ['remindBefore', j], message: `must be shorter than every freeze period (freeze.${i}.period)` });
      });
    });
  });
