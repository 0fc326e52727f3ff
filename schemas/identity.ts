import { z } from 'zod';
import { checkIdentityClaim } from '../identity/check';
import { NO_CONTROL, storable, typeError } from './common';

/**
 * A claimed identity as a caller sends it. Each field's own rule is checked here, naming the rule that
 * broke (identity/*.ts say which digit to look at); the subject schema below ties the kind to the subject.
 */
export const IdentityClaimSchema = z
  .strictObject({
    kind: z.enum(['resident_id', 'credit_code'], { error: 'must be resident_id or credit_code' }),
    number: z.string(typeError('string', 'a string')).trim().min(1, 'must not be empty').max(40, 'must be at most 40 characters'),
    name: z.string(typeError('string', 'a string')).trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').refine(storable, NO_CONTROL),
    phone: z.string(typeError('string', 'a string')).trim().min(1, 'must not be empty').max(30, 'must be at most 30 characters'),
  })
  .superRefine((c, ctx) => {
    for (const p of checkIdentityClaim(c)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  });
export type IdentityClaimInput = z.input<typeof IdentityClaimSchema>;

/** An individual proves who they are with a resident ID number, an organisation with its credit code. */
export const KIND_OF_SUBJECT = { individual: 'resident_id', organisation: 'credit_code' } as const;

/**
 * An individual proves who they are with a resident ID, an organisation with its credit code: one
 * refinement for every body that carries a subject and its identity. It speaks only when both kinds are
 * well formed (a malformed one is named at its own field).
 */
export function identityMatchesSubject(r: { subject: { kind: string }; identity: { kind: string } }, ctx: z.RefinementCtx): void {
  if (!Object.hasOwn(KIND_OF_SUBJECT, r.subject?.kind)) return;
  const expected = KIND_OF_SUBJECT[r.subject.kind as keyof typeof KIND_OF_SUBJECT];
  if (!(Object.values(KIND_OF_SUBJECT) as string[]).includes(r.identity?.kind) || r.identity.kind === expected) return;
  ctx.addIssue({ code: 'custom', path: ['identity', 'kind'], message: `must be ${expected} for a subject of kind ${r.subject.kind}` });
}
