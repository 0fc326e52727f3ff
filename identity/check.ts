import { checkCreditCode } from './credit-code';
import { checkMobile } from './mobile';
import type { IdentityProblem } from './problem';
import { checkResidentId } from './resident-id';
import type { IdentityClaim, IdentityVerifier, VerifyOutcome } from './verifier';

export interface ClaimProblem extends IdentityProblem {
  /** The claim's field the problem is in: number, phone or name. */
  field: 'number' | 'phone' | 'name';
}

/** Format checks first, every field at once: the person fixes all of them in one go. */
export function checkIdentityClaim(claim: IdentityClaim, today: Date = new Date()): ClaimProblem[] {
  const problems: ClaimProblem[] = [];
  const number = claim.kind === 'resident_id' ? checkResidentId(claim.number, today) : checkCreditCode(claim.number);
  if (number) problems.push({ field: 'number', ...number });
  const phone = checkMobile(claim.phone);
  if (phone) problems.push({ field: 'phone', ...phone });
  if (!claim.name.trim()) problems.push({ field: 'name', code: 'name', message: '姓名或名称不能为空 (give the name exactly as registered)' });
  return problems;
}

/** Asks the verifier only about well-formed claims: a malformed one is answered here, without a call. */
export async function verifyIdentity(verifier: IdentityVerifier, claim: IdentityClaim): Promise<VerifyOutcome | { ok: false; code: 'format'; problems: ClaimProblem[] }> {
  const problems = checkIdentityClaim(claim);
  if (problems.length) return { ok: false, code: 'format', problems };
  return verifier.verify(claim);
}
