import { z } from 'zod';
import { CONTENT_CATEGORIES } from '../store/accounts';
import { AccountIdSchema, INVISIBLE_CHARACTERS, NO_CONTROL, storable, typeError } from './common';

export { CONTENT_CATEGORIES } from '../store/accounts';

const visible = (s: string) => !INVISIBLE_CHARACTERS.test(s);
const NO_INVISIBLE = 'must not contain control or invisible characters';

// Invisible characters would let a name look like another ("国\u200B务院"), as in a correction.
export const AccountNameSchema = z
  .string(typeError('string', 'a string'))
  .trim()
  .min(1, 'must not be empty')
  .max(30, 'must be at most 30 characters')
  .refine(visible, NO_INVISIBLE)
  .refine(storable, NO_CONTROL)
  .regex(/[\p{L}\p{N}]/u, 'must contain a letter or a digit');

/**
 * One address: notices (Art. 8 ¶2) go to the holder, and "a@x, b@y" used to send them to both. The
 * list check comes first so that a list is told it is a list, not that it is a malformed address.
 */
export const ContactEmailSchema = z
  .string(typeError('string', 'a string'))
  .trim()
  .refine((s) => !/[,;\s]/.test(s) && (s.match(/@/g) ?? []).length <= 1, { message: 'must be one e-mail address, not a list', abort: true })
  .pipe(z.email('must be a valid e-mail address').max(254, 'must be at most 254 characters'));

export const BioSchema = z
  .string(typeError('string', 'a string'))
  .trim()
  .max(120, 'must be at most 120 characters')
  .refine(visible, NO_INVISIBLE)
  .refine(storable, NO_CONTROL);

export const AvatarUrlSchema = z
  .url({ protocol: /^https$/, error: 'must be an https:// URL' })
  .max(2048, 'must be at most 2048 characters')
  .refine(storable, NO_CONTROL);

export const ContentCategorySchema = z.enum(CONTENT_CATEGORIES, { error: `must be one of ${CONTENT_CATEGORIES.join(', ')}` });

export const SubjectSchema = z.strictObject({
  id: AccountIdSchema,
  kind: z.enum(['individual', 'organisation'], { error: 'must be individual or organisation' }),
  displayName: z
    .string(typeError('string', 'a string'))
    .trim()
    .min(1, 'must not be empty')
    .max(100, 'must be at most 100 characters')
    .refine(storable, NO_CONTROL),
});

/** What a platform service sends when an account is registered (the subject is created if new). */
export const RegisterAccountSchema = z.strictObject({
  id: AccountIdSchema,
  name: AccountNameSchema,
  subject: SubjectSchema,
  contactEmail: ContactEmailSchema,
  contentCategory: ContentCategorySchema,
  bio: BioSchema.optional(),
  avatarUrl: AvatarUrlSchema.optional(),
});
export type RegisterAccount = z.output<typeof RegisterAccountSchema>;

const UPDATABLE = ['name', 'contactEmail', 'contentCategory', 'bio', 'avatarUrl'] as const;

/** A change to an account's own fields; measures change only through cases and decisions. */
export const UpdateAccountSchema = z
  .strictObject({
    id: AccountIdSchema,
    name: AccountNameSchema.optional(),
    contactEmail: ContactEmailSchema.optional(),
    contentCategory: ContentCategorySchema.optional(),
    bio: BioSchema.optional(),
    avatarUrl: AvatarUrlSchema.optional(),
  })
  .refine((u) => UPDATABLE.some((k) => u[k] !== undefined), { message: `must change at least one of ${UPDATABLE.join(', ')}` });
export type UpdateAccount = z.output<typeof UpdateAccountSchema>;
