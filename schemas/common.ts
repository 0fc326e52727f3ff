import { z } from 'zod';

export const AccountIdSchema = z
  .string({ error: 'is required' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit');

export const OperatorIdSchema = z
  .string({ error: 'is required' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1–64 letters, digits, "_", "." or "-", starting with a letter or digit');

/** Every operator action says why: the reason goes into the record (Art. 19). */
export const ReasonSchema = z
  .string({ error: 'is required' })
  .trim()
  .min(1, 'must not be empty')
  .max(2000, 'must be at most 2000 characters');

export const OperatorActionSchema = z.strictObject({
  operatorId: OperatorIdSchema,
  reason: ReasonSchema,
});
export type OperatorAction = z.output<typeof OperatorActionSchema>;

export const IsoDateTimeSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-12-01T18:00:00+08:00' });

/** Control, format and default-ignorable characters ("国\u200B务院"): invisible, so they could hide a word. */
export const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
