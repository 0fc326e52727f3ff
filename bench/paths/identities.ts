import type { IdentityClaimInput } from '../../schemas/identity';
import { residentIdCheckCharacter } from '../../identity/resident-id';
import { registerKnownIdentity } from '../../identity/store-verifier';
import type { BenchStack } from '../stack';

let issued = 0;

/**
 * A real-looking individual for the i-th case: a resident ID number that passes GB 11643 (Beijing
 * Dongcheng, a birth date counted from 1960, the run's sequence digits, the check character) and a
 * mobile number, each new in this benchmark process, so that no two subjects claim one number.
 */
export function individualClaim(stack: BenchStack, name: string): IdentityClaimInput {
  const k = issued++;
  const birth = new Date(Date.UTC(1960, 0, 1) + k * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  // Sequence digits from the run id: two runs on one --database-url store rarely share a number.
  const seq = String(parseInt(stack.runId.slice(-4), 36) % 1000).padStart(3, '0');
  const body = `110101${birth}${seq}`;
  return { kind: 'resident_id', number: `${body}${residentIdCheckCharacter(body)}`, name, phone: `139${String(k).padStart(8, '0')}` };
}

/** Puts the claim in the real-name register the store verifier checks (what the identity provider knows). */
export async function knownIndividual(stack: BenchStack, name: string): Promise<IdentityClaimInput> {
  const claim = individualClaim(stack, name);
  await registerKnownIdentity(stack.db, stack.identity.vault, claim as Parameters<typeof registerKnownIdentity>[2]);
  return claim;
}
