import type { Sql } from '../store/db';
import { findRegisterEntry, putRegisterEntry } from '../store/identity-register';
import { normaliseLegalName, normaliseMobile, normaliseNumber } from './normalise';
import type { IdentityVault } from './vault';
import type { IdentityClaim, IdentityVerifier } from './verifier';

/** The hashes a claim is compared by: the same vault key for the register and for the claim. */
function claimHashes(vault: IdentityVault, c: IdentityClaim) {
  return {
    numberHash: vault.hash(c.kind, normaliseNumber(c.kind, c.number)),
    nameHash: vault.hash('name', normaliseLegalName(c.name)),
    phoneHash: vault.hash('phone', normaliseMobile(c.phone)),
  };
}

/**
 * The reference verifier: the platform's real-name register as the store holds it (identity_register,
 * hashes only). Composite verification: the number must be known, and the name and the phone must be
 * the ones registered with it.
 */
export function storeVerifier(db: Sql, vault: IdentityVault): IdentityVerifier {
  return {
    source: 'store',
    async verify(claim) {
      const h = claimHashes(vault, claim);
      const entry = await findRegisterEntry(db, claim.kind, h.numberHash);
      if (!entry) return { ok: false, code: 'unknown_number', reason: '证件号码不在实名登记库中 (the number is not in the real-name register)' };
      if (entry.nameHash !== h.nameHash) return { ok: false, code: 'name_mismatch', reason: '姓名或名称与证件号码不符 (the name does not match the number)' };
      if (entry.phoneHash !== h.phoneHash) return { ok: false, code: 'phone_mismatch', reason: '手机号码与登记信息不符 (the phone number is not the one registered)' };
      return { ok: true };
    },
  };
}

/** Puts an identity in the register (demo data, tests): what a provider would know of a real person. */
export async function registerKnownIdentity(db: Sql, vault: IdentityVault, claim: IdentityClaim): Promise<void> {
  await putRegisterEntry(db, { kind: claim.kind, ...claimHashes(vault, claim) });
}
