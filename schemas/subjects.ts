import { z } from 'zod';
import { ContactEmailSchema, SubjectSchema } from './accounts';
import { AccountIdSchema, ReasonSchema } from './common';
import { IdentityClaimSchema, KIND_OF_SUBJECT } from './identity';

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
  .refine((b) => KIND_OF_SUBJECT[b.subject.kind] === b.identity.kind, {
    path: ['identity', 'kind'],
    message: 'must match the subject: an individual proves itself with resident_id, an organisation with credit_code',
    when: (p) => {
      const v = p.value as { subject?: { kind?: unknown }; identity?: { kind?: unknown } };
      return typeof v?.subject?.kind === 'string' && typeof v?.identity?.kind === 'string';
    },
  });
export type RecordSubjectIdentityInput = z.input<typeof RecordSubjectIdentitySchema>;

/** Listing and lifting both say why (the reason goes into the record); the API takes the subject from the path. */
export const ReasonBodySchema = z.strictObject({ reason: ReasonSchema });
export const BlacklistSchema = ReasonBodySchema.extend({ subjectId: SubjectIdSchema });
export const LiftBlacklistSchema = BlacklistSchema;
