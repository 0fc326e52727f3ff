import { z } from 'zod';
import { AccountIdSchema, IsoDateTimeSchema, typeError } from './common';
import { asUpdate, ReasonedSchema } from './case-actions';
import { caseText } from './free-text';

/**
 * Art. 11 ¶3: the account holder applies to suspend or close their own account, through a platform
 * service. `holderSubjectId` is who the service says applies: it must be the account's subject.
 */
const SubjectIdSchema = z
  .string(typeError('string', 'a string'))
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be 1–64 letters, digits, "_", ".", ":" or "-", starting with a letter or digit');

/** What the case itself is opened with: the application without the applicant's subject (checked before). */
export const VoluntaryClosureCaseSchema = z.strictObject({
  accountId: AccountIdSchema,
  request: z.enum(['suspend', 'close'], { error: 'must be "suspend" or "close"' }),
  /** The account's follower count: a closure's freeze period depends on it (policy voluntaryClosure.freeze). */
  followers: z.number(typeError('number', 'a number')).int('must be a whole number').min(0, 'must not be negative').max(10_000_000_000),
  /** A suspension's end (ISO 8601); without one, it lasts until the holder resumes, at most the policy's window. */
  until: IsoDateTimeSchema.optional(),
  /** The holder's reason, in their words: no personal data. */
  reason: caseText(500).optional(),
});
export type VoluntaryClosureCase = z.output<typeof VoluntaryClosureCaseSchema>;

export const ApplyVoluntaryClosureSchema = VoluntaryClosureCaseSchema.extend({ holderSubjectId: SubjectIdSchema }).superRefine((a, ctx) => {
  if (a.request === 'close' && a.until !== undefined) ctx.addIssue({ code: 'custom', path: ['until'], message: 'is for a suspension only: a closure has no end date' });
});
export type ApplyVoluntaryClosure = z.output<typeof ApplyVoluntaryClosureSchema>;

/** The holder ends their suspension early, or cancels a closure during its freeze (through a platform service). */
export const ResumeSchema = z.strictObject({ reason: caseText(500).optional() });
export type Resume = z.output<typeof ResumeSchema>;
export const CancelClosureSchema = z.strictObject({ reason: caseText(500).optional() });
export type CancelClosure = z.output<typeof CancelClosureSchema>;

/** A supervisor stops a closure during its freeze (a legal hold, an investigation), with a reason. */
export const StopClosureSchema = ReasonedSchema;
export const StopClosureUpdateSchema = StopClosureSchema.extend(asUpdate);
export type StopClosure = z.output<typeof StopClosureUpdateSchema>;
