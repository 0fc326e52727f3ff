import { z } from 'zod';
import { ContactEmailSchema, SubjectSchema } from './accounts';
import { AccountIdSchema, ReasonSchema } from './common';
import { IdentityClaimSchema, identityMatchesSubject } from './identity';

/** Subject ids have the shape of account ids (schemas/accounts.ts SubjectSchema uses the same). */
export const SubjectIdSchema = AccountIdSchema;

/**
 * A subject's real identity as a platform service records it (Art. 8 ¶1): the subject, the number it
 * proves itself with, the name and phone registered with that number, and where notices to it go.
 */
export const RecordSubjectIdentitySchema = z
  .strictObject({
    subject: SubjectSchema,
    identity: IdentityClaimSchema,
    contactEmail: ContactEmailSchema,
  })
  .superRefine(identityMatchesSubject);
export type RecordSubjectIdentityInput = z.input<typeof RecordSubjectIdentitySchema>;

/** Listing and lifting both say why (the reason goes into the record); the API takes the subject from the path. */
export const ReasonBodySchema = z.strictObject({ reason: ReasonSchema });
export const BlacklistSchema = ReasonBodySchema.extend({ subjectId: SubjectIdSchema });
export const LiftBlacklistSchema = BlacklistSchema;
