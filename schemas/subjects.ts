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

export const BlacklistSchema = z.strictObject({ subjectId: SubjectIdSchema, reason: ReasonSchema });
export const LiftBlacklistSchema = z.strictObject({ subjectId: SubjectIdSchema, reason: ReasonSchema });
