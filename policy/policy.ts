import { z } from 'zod';
import { formatIssues } from '../schemas/errors';
import { AccountTransferTermsSchema } from './account-transfer';
import { CaseTermsObject, CaseTermsSchema, remindersInsideWindow } from './case-terms';
import { DEFAULT_POLICY } from './default-policy';
import { RetentionPolicySchema } from './retention';
import { AccountQuotaFields, CreditPolicySchema } from './standing';
import { VoluntaryClosureTermsSchema } from './voluntary-closure';

/**
 * Every deadline, reminder and name rule lives here, validated once at start.
 * Durations are written for people and read as milliseconds.
 */
export const PolicySchema = z.strictObject({
  version: z.string().min(1),
  /** One section per process, each with the shared case terms. */
  nameCorrection: CaseTermsSchema,
  /** Account transfer (Art. 11 ¶2): confirmations, materials, the notice period. */
  accountTransfer: AccountTransferTermsSchema,
  /** Art. 11 ¶2: how long the holder of an account reported as transferred without approval has to answer. */
  unauthorisedTransfer: CaseTermsSchema,
  /** Art. 11 ¶3: the holder's own suspension (longest: window) and closure (freeze by follower count). */
  voluntaryClosure: VoluntaryClosureTermsSchema,
  /** Four eyes: where a termination that waits past its confirmation deadline is escalated. */
  escalation: z.strictObject({ email: z.string().regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'must be an e-mail address') }),
  names: z.strictObject({
    /** Words a name or bio may not contain: they use or imply a Party or state body (Art. 8 ¶2). */
    protectedWords: z.array(z.string().min(1)).min(1),
    /** Words that mark an organisation (公司, 银行…): an account name with one is checked against its subject (rules/name-identity.ts). */
    organisationWords: z.array(z.string().min(1)),
  }),
  /** Credit tiers (Art. 13 ¶1) and the lowest tier that may receive or register an account. */
  credit: CreditPolicySchema,
  /**
   * Registration (Art. 8 ¶1, 9, 10 ¶1): the accounts-per-subject quota, and the terms of a registration
   * held for review (`window`: how long a reviewer has before the wait is escalated; reviewers get no
   * e-mail reminders, so `remindBefore` is empty).
   */
  registration: CaseTermsObject.extend(AccountQuotaFields).superRefine(remindersInsideWindow),
  /** How long records and workflow histories are kept: at least six months each. */
  retention: RetentionPolicySchema,
});

/** The policy sections of processes, by case kind. */
export const PROCESS_SECTIONS = {
  'name-correction': 'nameCorrection',
  'account-transfer': 'accountTransfer',
  'unauthorised-transfer': 'unauthorisedTransfer',
  'voluntary-closure': 'voluntaryClosure',
  registration: 'registration',
} as const satisfies Record<string, keyof Policy>;

export type Policy = z.output<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

/** The default policy with the given overrides (section by section) applied, validated. */
export function parsePolicy(overrides: unknown): Policy {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new Error('(policy): must be a JSON object');
  }
  const defaults = DEFAULT_POLICY as Record<string, unknown>;
  // Built from entries, so that a key such as "__proto__" stays a key (and is refused) rather than
  // changing the object's prototype.
  const merged = Object.fromEntries([
    ...Object.entries(defaults).filter(([k]) => !Object.hasOwn(overrides, k)),
    ...Object.entries(overrides).map(([k, v]) => {
      const base = Object.hasOwn(defaults, k) ? defaults[k] : undefined;
      const mergeable = base && typeof base === 'object' && !Array.isArray(base) && v && typeof v === 'object' && !Array.isArray(v);
      return [k, mergeable ? Object.fromEntries([...Object.entries(base), ...Object.entries(v)]) : v];
    }),
  ]);
  const r = PolicySchema.safeParse(merged);
  if (!r.success) throw new Error(formatIssues(r.error.issues, '(policy)'));
  return r.data;
}
