import type { Principal } from '../../rules/roles';
import { ensureAccount, ensureSubject } from '../../store/accounts';
import type { ServiceDeps } from '../deps';
import { setOperator } from '../operators';
import type { IdentityVault } from '../../identity/vault';
import { registerKnownIdentity } from '../../identity/store-verifier';
import type { Sql } from '../../store/db';
import { DEMO_ACCOUNTS, DEMO_IDENTITIES, DEMO_OPERATORS, DEMO_SUBJECTS } from './data';

export { DEMO_ACCOUNTS, DEMO_IDENTITIES, DEMO_OPERATORS, DEMO_SUBJECTS } from './data';

/** Who the demo seed acts as: the roster changes it makes are recorded under this id. */
const DEMO_SEEDER: Principal = { id: 'system:demo-seed', roles: ['admin'] };

/**
 * Insert-only: running the seed again (or on a store in use) leaves every existing subject and account
 * as it is, so a corrected name or a measure in force is never undone by a re-seed.
 */
export async function seedDemo(deps: ServiceDeps): Promise<{ accounts: string[]; operators: string[] }> {
  for (const s of DEMO_SUBJECTS) await ensureSubject(deps.db, s);
  for (const a of DEMO_ACCOUNTS) await ensureAccount(deps.db, a);
  for (const o of DEMO_OPERATORS) await setOperator(deps, DEMO_SEEDER, o);
  return { accounts: DEMO_ACCOUNTS.map((a) => a.id), operators: DEMO_OPERATORS.map((o) => o.id) };
}

/**
 * The demo subjects' identities in the store-backed real-name register (what the verifier checks a
 * registration against), so that the demo's registrations verify. Hashes only; putting one twice changes nothing.
 */
export async function seedDemoIdentities(db: Sql, vault: IdentityVault): Promise<void> {
  for (const claim of Object.values(DEMO_IDENTITIES)) await registerKnownIdentity(db, vault, claim);
}
