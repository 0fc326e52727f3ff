import type { IdentityDeps } from '../../identity/deps';
import { registerKnownIdentity } from '../../identity/store-verifier';
import type { Principal } from '../../rules/roles';
import { getSubjectIdentity } from '../../store/subject-identities';
import { ensureAccount, ensureSubject } from '../../store/accounts';
import type { ServiceDeps } from '../deps';
import { setOperator } from '../operators';
import { recordSubjectIdentity } from '../subjects';
import { DEMO_ACCOUNTS, DEMO_IDENTITIES, DEMO_OPERATORS, DEMO_SUBJECTS } from './data';

export { DEMO_ACCOUNTS, DEMO_IDENTITIES, DEMO_OPERATORS, DEMO_SUBJECTS } from './data';

/** Who the demo seed acts as: the roster changes it makes are recorded under this id. */
const DEMO_SEEDER: Principal = { id: 'system:demo-seed', roles: ['admin'] };

/**
 * Insert-only: running the seed again (or on a store in use) leaves every existing subject and account
 * as it is, so a corrected name or a measure in force is never undone by a re-seed.
 */
export async function seedDemo(deps: ServiceDeps & Partial<IdentityDeps>): Promise<{ accounts: string[]; operators: string[] }> {
  for (const s of DEMO_SUBJECTS) await ensureSubject(deps.db, s);
  if (deps.vault && deps.verifier) await seedDemoIdentities({ ...deps, vault: deps.vault, verifier: deps.verifier });
  for (const a of DEMO_ACCOUNTS) await ensureAccount(deps.db, a);
  for (const o of DEMO_OPERATORS) await setOperator(deps, DEMO_SEEDER, o);
  return { accounts: DEMO_ACCOUNTS.map((a) => a.id), operators: DEMO_OPERATORS.map((o) => o.id) };
}

/**
 * The demo subjects' identities: put in the real-name register (what a provider would know), then
 * recorded and verified for subjects that have none on record yet.
 */
export async function seedDemoIdentities(deps: Pick<ServiceDeps, 'db'> & IdentityDeps): Promise<void> {
  const platform: Principal = { id: 'system:demo-seed', roles: ['platform'] };
  for (const d of DEMO_IDENTITIES) {
    await registerKnownIdentity(deps.db, deps.vault, d.claim);
    if (await getSubjectIdentity(deps.db, d.subjectId)) continue;
    const subject = DEMO_SUBJECTS.find((s) => s.id === d.subjectId)!;
    await recordSubjectIdentity(deps, platform, { subject, identity: d.claim, contactEmail: d.contactEmail });
  }
}
