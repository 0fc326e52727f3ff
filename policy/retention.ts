import { z } from 'zod';

const DAY_MS = 86_400_000;

/**
 * A retention period in whole days, at least 183 (six months, the floor Art. 19 and the platforms'
 * practice set for records of measures). The floor is in the pattern itself, so that no smaller
 * value can be written at all.
 */
export const RetentionSchema = z
  .string()
  .regex(/^(18[3-9]|19\d|[2-9]\d{2}|[1-9]\d{3,4}) days$/, 'must be at least "183 days" (six months), in days, e.g. "1095 days"')
  .transform((s) => Number(s.split(' ')[0]) * DAY_MS);

/** How long what a decision rests on is kept (docs/RECORDS.md, "Retention"). */
export const RetentionPolicySchema = z.strictObject({
  /** The records table: nothing deletes a record; this is the least time a DBA must keep each one. */
  records: RetentionSchema,
  /** The Temporal namespace's retention of closed workflow histories (npm start applies it to the dev server). */
  history: RetentionSchema,
});

/** Three years by default: comfortably past the six-month floor and a typical appeal and audit cycle. */
export const DEFAULT_RETENTION = { records: '1095 days', history: '1095 days' } as const;
