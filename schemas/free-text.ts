import { z } from 'zod';
import { NO_CONTROL, storable, typeError } from './common';

/**
 * Free text a party or a platform service writes into a case (a statement, a report's detail). It goes
 * into the workflow history and the records, where ID and phone numbers must never be: a run of 11 or
 * more digits (a mainland mobile number, an 18-character resident ID) is refused, with the rule named.
 */
const LONG_NUMBER = /\d[\d\s-]{9,}[\dXx]/;
export const NO_PERSONAL_NUMBERS = 'must not contain an ID or phone number (11 or more digits in a row)';

export const caseText = (max: number) =>
  z
    .string(typeError('string', 'a string'))
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(storable, NO_CONTROL)
    .refine((s) => !LONG_NUMBER.test(s), NO_PERSONAL_NUMBERS);
