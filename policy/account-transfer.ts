import type { z } from 'zod';
import type { PolicyInput } from './policy';
import { CaseTermsObject, remindersInsideWindow } from './case-terms';
import { DurationSchema } from './duration';

/**
 * Account transfer's terms (Art. 11 ¶2). `window` is how long both parties have to confirm; besides it,
 * how long the receiving side has to supply materials the check asked for, and how long followers are
 * told before the subject changes. Reminders go before the confirmation and the materials deadlines.
 */
export const AccountTransferTermsSchema = CaseTermsObject.extend({
  materialsWindow: DurationSchema,
  noticePeriod: DurationSchema,
})
  .superRefine(remindersInsideWindow)
  .superRefine((t, ctx) => remindersInsideWindow({ window: t.materialsWindow, remindBefore: t.remindBefore }, ctx));
export type AccountTransferTermsPolicy = z.output<typeof AccountTransferTermsSchema>;

/** 15 days to confirm, 7 to supply materials, 3 days' notice: the issue's defaults. */
export const DEFAULT_ACCOUNT_TRANSFER_TERMS: PolicyInput['accountTransfer'] = {
  window: '15 days',
  materialsWindow: '7 days',
  noticePeriod: '3 days',
  remindBefore: ['72 hours', '24 hours'],
  maxExtension: '15 days',
  maxSubmissions: 10,
  confirmWithin: '24 hours',
  sealMaxAge: '5 minutes',
};
