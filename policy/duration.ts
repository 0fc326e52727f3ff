import { z } from 'zod';

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** A policy duration written for people ("7 days", "72 hours", "30 minutes"), read as milliseconds. */
export const DurationSchema = z
  .string()
  .regex(/^\d+ (minute|hour|day)s?$/, 'must be like "7 days", "72 hours" or "30 minutes"')
  .transform((s) => {
    const [n, unit] = s.split(' ') as [string, string];
    return Number(n) * UNIT_MS[unit.replace(/s$/, '') as keyof typeof UNIT_MS];
  })
  .refine((ms) => ms > 0, 'must be longer than zero');
