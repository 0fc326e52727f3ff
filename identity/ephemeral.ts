import { randomBytes } from 'node:crypto';
import type { Sql } from '../store/db';
import type { IdentityDeps } from './deps';
import { parseIdentityKeys } from './keys';
import { storeVerifier } from './store-verifier';
import { identityVault } from './vault';

/**
 * A vault with fresh random keys and the store-backed verifier: for tests and benchmarks that run an
 * API of their own. What it seals is readable only by this process; nothing outside it should be.
 */
export function ephemeralIdentityDeps(db: Sql): IdentityDeps {
  const key = () => randomBytes(32).toString('base64');
  const vault = identityVault(parseIdentityKeys({ current: 'ephemeral', keys: { ephemeral: key() }, lookup: key() }));
  return { vault, verifier: storeVerifier(db, vault) };
}
