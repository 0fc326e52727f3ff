import { z } from 'zod';
import {
  AccountIdSchema,
  INVISIBLE_CHARACTERS,
  IsoDateTimeSchema,
  NO_CONTROL,
  ReasonSchema,
  storable,
  typeError,
} from './common';
import { asUpdate, ReasonedSchema } from './case-actions';

/** Art. 8 ¶2: the grounds on which a name, avatar or bio fails the compliance check. */
export const GROUNDS = [
  'identity_mismatch', // does not match the real identity
  'implies_party_or_state_body', // uses or implies a Party or government body
  'implies_enterprise_or_institution',
  'implies_well_known_person',
  'unlawful_content',
] as const;

export const FindingSchema = z.strictObject({
  field: z.enum(['name', 'avatar', 'bio']),
  ground: z.enum(GROUNDS),
  detail: z.string(typeError('string', 'a string')).trim().min(1, 'must not be empty').max(1000).refine(storable, NO_CONTROL),
});
export type Finding = z.output<typeof FindingSchema>;

/**
 * What a platform service sends to open a case. Who opens it is not a field: it is the caller's
 * principal, and goes into the suspension record as `openedBy`.
 */
export const OpenNameCorrectionSchema = z.strictObject({
  accountId: AccountIdSchema,
  findings: z.array(FindingSchema, typeError('array', 'a list')).min(1, 'must name at least one failed field').max(10),
});
export type OpenNameCorrection = z.output<typeof OpenNameCorrectionSchema>;

// Invisible characters would slip a protected word past the checks ("国\u200B务院"): refused outright.
const visible = (s: string) => !INVISIBLE_CHARACTERS.test(s);
const NO_INVISIBLE = 'must not contain control or invisible characters';

export const ProposedProfileSchema = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(30, 'must be at most 30 characters')
      .refine(visible, NO_INVISIBLE)
      .refine(storable, NO_CONTROL)
      .regex(/[\p{L}\p{N}]/u, 'must contain a letter or a digit')
      .optional(),
    avatarUrl: z
      .url({ protocol: /^https$/, error: 'must be an https:// URL' })
      .max(2048, 'must be at most 2048 characters')
      .refine(storable, NO_CONTROL)
      .optional(),
    bio: z.string().trim().max(120, 'must be at most 120 characters').refine(visible, NO_INVISIBLE).refine(storable, NO_CONTROL).optional(),
  })
  .refine((p) => p.name !== undefined || p.avatarUrl !== undefined || p.bio !== undefined, {
    message: 'must change at least one of name, avatarUrl, bio',
  });
export type ProposedProfile = z.output<typeof ProposedProfileSchema>;

/** The account holder's correction, submitted by the platform on their behalf. */
export const SubmitCorrectionSchema = z.strictObject({ profile: ProposedProfileSchema });
export type SubmitCorrection = z.output<typeof SubmitCorrectionSchema>;

/** The account holder declines to correct: service is terminated (Art. 8 ¶2 "拒不改正"). */
export const RefuseCorrectionSchema = z.strictObject({
  statement: z.string().trim().max(2000).refine(storable, NO_CONTROL).optional(),
});
export type RefuseCorrection = z.output<typeof RefuseCorrectionSchema>;

// Operator actions: the bodies callers send carry no operator id (the actor is the caller's principal).
// The reasoned body and four eyes on terminating service are every process's (schemas/case-actions.ts).
export const ReviewCorrectionSchema = ReasonedSchema.extend({
  submissionNo: z.number(typeError('number', 'a number')).int().positive(),
  decision: z.enum(['approve', 'reject']),
});

export const ExtendDeadlineSchema = ReasonedSchema.extend({ newDeadline: IsoDateTimeSchema });

export const WithdrawCaseSchema = ReasonedSchema;

/**
 * What the case's update carries: the body, and the operator id the services add. Cases opened before
 * actions were signed take the actor from it; signed cases take it from the seal and refuse a
 * different one here. Histories of those older cases hold it, so the case must still parse it.
 */
export const ReviewCorrectionUpdateSchema = ReviewCorrectionSchema.extend(asUpdate);
export type ReviewCorrection = z.output<typeof ReviewCorrectionUpdateSchema>;
export const ExtendDeadlineUpdateSchema = ExtendDeadlineSchema.extend(asUpdate);
export type ExtendDeadline = z.output<typeof ExtendDeadlineUpdateSchema>;
export const WithdrawCaseUpdateSchema = WithdrawCaseSchema.extend(asUpdate);
export type WithdrawCase = z.output<typeof WithdrawCaseUpdateSchema>;
export { ReasonSchema };
export {
  ConfirmTerminationSchema,
  ConfirmTerminationUpdateSchema,
  ProposeTerminationSchema,
  ProposeTerminationUpdateSchema,
  RejectTerminationSchema,
  RejectTerminationUpdateSchema,
  type ConfirmTermination,
  type ProposeTermination,
  type RejectTermination,
} from './case-actions';
