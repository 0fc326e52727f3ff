import { z } from 'zod';

/**
 * The message for a value of the wrong type: "is required" when it is missing, "must be <what>" when
 * it is there but of another type. Every other issue (too long, too short, ...) keeps its own message.
 */
export function typeError(expected: 'string' | 'number' | 'array', what: string) {
  return {
    error: (iss: z.core.$ZodRawIssue) =>
      iss.code === 'invalid_type' && iss.expected === expected ? (iss.input === undefined ? 'is required' : `must be ${what}`) : undefined,
  };
}

export const AccountIdSchema = z
  .string(typeError('string', 'a string'))
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit');

export const OperatorIdSchema = z
  .string(typeError('string', 'a string'))
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit');

/**
 * Text the store cannot keep as given: NUL (PostgreSQL refuses it in text and jsonb: the activity
 * writing the record would fail on every retry), the other control characters but tab and line breaks,
 * and unpaired surrogates (not UTF-8: refused in jsonb, or stored changed, which breaks the record hash).
 */
export const UNSTORABLE_CHARACTERS = /[\p{Cs}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
export const storable = (s: string) => !UNSTORABLE_CHARACTERS.test(s);
export const NO_CONTROL = 'must not contain control characters or unpaired surrogates';

/** Every operator action says why: the reason goes into the record (Art. 19). */
export const ReasonSchema = z
  .string(typeError('string', 'a string'))
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2000 characters')
  .refine(storable, NO_CONTROL);

export const OperatorActionSchema = z.strictObject({
  operatorId: OperatorIdSchema,
  reason: ReasonSchema,
});
export type OperatorAction = z.output<typeof OperatorActionSchema>;

export const IsoDateTimeSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-12-01T18:00:00+08:00' });

/** Control, format and default-ignorable characters ("国\u200B务院"): invisible, so they could hide a word. */
export const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
