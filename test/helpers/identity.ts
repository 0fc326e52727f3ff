import { creditCodeCheckCharacter } from '../../identity/credit-code';
import type { IdentityDeps } from '../../identity/deps';
import { parseIdentityKeys } from '../../identity/keys';
import { residentIdCheckCharacter } from '../../identity/resident-id';
import { storeVerifier } from '../../identity/store-verifier';
import { identityVault, type IdentityVault } from '../../identity/vault';
import type { IdentityClaim } from '../../identity/verifier';
import type { Sql } from '../../store/db';

/** Fixed test keys: tests that compare hashes across runs see the same ones. Never used outside tests. */
export const TEST_IDENTITY_KEYS = {
  current: 'test-2',
  keys: { 'test-1': Buffer.alloc(32, 1).toString('base64'), 'test-2': Buffer.alloc(32, 2).toString('base64') },
  lookup: Buffer.alloc(32, 3).toString('base64'),
};

export const testVault = (): IdentityVault => identityVault(parseIdentityKeys(TEST_IDENTITY_KEYS));

/** The vault and the store-backed verifier over the test's database. */
export const testIdentityDeps = (db: Sql): IdentityDeps => {
  const vault = testVault();
  return { vault, verifier: storeVerifier(db, vault) };
};

/** A valid resident ID number, different for each n (Beijing Chaoyang, born 1990-01-01, sequence n). */
export function residentId(n: number): string {
  const body = `11010519900101${String(n % 1000).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

/** A valid credit code, different for each n (an enterprise registered in Beijing). */
export function creditCode(n: number): string {
  const body = `91110105${String(n).padStart(9, '0')}`;
  return body + creditCodeCheckCharacter(body);
}

/** A valid mobile number, different for each n. */
export const mobile = (n: number) => `139${String(n).padStart(8, '0')}`;

export const person = (n: number, name = `张${n}`): IdentityClaim => ({ kind: 'resident_id', number: residentId(n), name, phone: mobile(n) });
export const organisation = (n: number, name = `测试科技有限公司${n}`): IdentityClaim => ({ kind: 'credit_code', number: creditCode(n), name, phone: mobile(5000 + n) });
