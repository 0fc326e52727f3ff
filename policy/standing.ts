import { z } from 'zod';

/**
 * Credit tiers (Art. 13 ¶1) and the accounts-per-subject quota (Art. 10 ¶1): what the eligibility check
 * (services/eligibility.ts) reads. Tiers A–E each start at a floor; below E's floor is F.
 */
export const CREDIT_TIERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export type CreditTier = (typeof CREDIT_TIERS)[number];

const Score = z.number().int().min(0).max(1000);

export const CreditPolicySchema = z
  .strictObject({
    /** A subject's score before anything is recorded against it. */
    start: Score,
    /** The lowest score of each tier; below E's is F. */
    floors: z.strictObject({ A: Score, B: Score, C: Score, D: Score, E: Score }),
    /** The lowest tier that may receive a transfer or register an account (a first one included). */
    minTierToReceive: z.enum(CREDIT_TIERS),
  })
  .refine((c) => c.floors.A > c.floors.B && c.floors.B > c.floors.C && c.floors.C > c.floors.D && c.floors.D > c.floors.E, {
    path: ['floors'],
    message: 'must fall strictly from A to E',
  });
export type CreditPolicy = z.output<typeof CreditPolicySchema>;

export function creditTier(score: number, p: CreditPolicy): CreditTier {
  for (const t of ['A', 'B', 'C', 'D', 'E'] as const) if (score >= p.floors[t]) return t;
  return 'F';
}

/** true when `tier` is `floor` or better. */
export const tierAtLeast = (tier: CreditTier, floor: CreditTier) => CREDIT_TIERS.indexOf(tier) <= CREDIT_TIERS.indexOf(floor);

/**
 * Art. 10 ¶1: how many live accounts one subject may hold. The fields a `registration` section carries
 * (a registration process adds its case terms beside them).
 */
export const AccountQuotaFields = {
  maxAccountsPerSubject: z.strictObject({ individual: z.number().int().min(1).max(1000), organisation: z.number().int().min(1).max(1000) }),
};
export const RegistrationPolicySchema = z.strictObject(AccountQuotaFields);

/** WeChat's published numbers (2 per person, 5 per organisation) and a 120-point start with 60-point F. */
export const DEFAULT_CREDIT = { start: 120, floors: { A: 110, B: 90, C: 80, D: 70, E: 60 }, minTierToReceive: 'C' } as const;
export const DEFAULT_QUOTA = { maxAccountsPerSubject: { individual: 2, organisation: 5 } } as const;
