import { z } from 'zod';
import { AvatarUrlSchema, AccountNameSchema, BioSchema, ContactEmailSchema, ContentCategorySchema, SubjectSchema } from './accounts';
import { AccountIdSchema, OperatorIdSchema, ReasonSchema, storable, NO_CONTROL, typeError } from './common';
import { IdentityClaimSchema, identityMatchesSubject } from './identity';

/**
 * Registration of a public account (Art. 8 ¶1, 9, 10 ¶1). What a platform service sends carries the
 * operating subject's identity claim; it is checked and stored by the identity service and never
 * reaches a case: the case gets the subject id and the findings only.
 */
export const RegisterPublicAccountSchema = z
  .strictObject({
    accountId: AccountIdSchema,
    name: AccountNameSchema,
    subject: SubjectSchema,
    identity: IdentityClaimSchema,
    contactEmail: ContactEmailSchema,
    contentCategory: ContentCategorySchema,
    bio: BioSchema.optional(),
    avatarUrl: AvatarUrlSchema.optional(),
  })
  .superRefine(identityMatchesSubject);
export type RegisterPublicAccount = z.output<typeof RegisterPublicAccountSchema>;

/** One rule an application broke or that needs a reviewer's eyes (from the eligibility check). */
export const RegistrationFindingSchema = z.strictObject({
  rule: z.string().min(1).max(40),
  field: z.string().min(1).max(100),
  detail: z.string().min(1).max(2000).refine(storable, NO_CONTROL),
  severity: z.enum(['refuse', 'review']),
});
export type RegistrationFinding = z.output<typeof RegistrationFindingSchema>;

/**
 * What a registration case opens with: the application without the identity (ids and masked forms
 * only) and the findings that held it for review. Built by the service, never by a caller.
 */
export const OpenRegistrationSchema = z.strictObject({
  accountId: AccountIdSchema,
  subjectId: AccountIdSchema,
  subjectKind: z.enum(['individual', 'organisation']),
  name: AccountNameSchema,
  contentCategory: ContentCategorySchema,
  bio: BioSchema.optional(),
  avatarUrl: AvatarUrlSchema.optional(),
  findings: z.array(RegistrationFindingSchema).min(1).max(50),
});
export type OpenRegistration = z.output<typeof OpenRegistrationSchema>;

/** A reviewer's decision on a held registration; a rejection names its reasons. */
export const ReviewRegistrationSchema = z.strictObject({
  decision: z.enum(['approve', 'reject'], { error: 'must be approve or reject' }),
  reason: ReasonSchema,
});

/** The applicant withdraws the application (sent by a platform service on their behalf). */
export const WithdrawRegistrationSchema = z.strictObject({
  statement: z.string(typeError('string', 'a string')).trim().max(2000, 'must be at most 2000 characters').refine(storable, NO_CONTROL).optional(),
});

// The updates as the case receives them: an operator's carry the operator id (checked against the seal).
export const ReviewRegistrationUpdateSchema = ReviewRegistrationSchema.extend({ operatorId: OperatorIdSchema.optional() });
export type ReviewRegistration = z.output<typeof ReviewRegistrationUpdateSchema>;
export type WithdrawRegistration = z.output<typeof WithdrawRegistrationSchema>;
