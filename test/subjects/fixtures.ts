import { registerKnownIdentity } from '../../identity/store-verifier';
import type { IdentityClaim } from '../../identity/verifier';
import { parsePolicy } from '../../policy/policy';
import { recordSubjectIdentity } from '../../services/subjects';
import type { Db } from '../../store/db';
import { testIdentityDeps } from '../helpers/identity';
import { PLATFORM } from '../helpers/principals';

/** The services' deps over a test database: the store, the test vault, the store-backed verifier, the default policy. */
export const subjectDeps = (db: Db) => ({ db, ...testIdentityDeps(db), policy: parsePolicy({}) });

/** A subject whose identity the register knows, recorded as a platform service would. */
export async function knownSubject(db: Db, id: string, claim: IdentityClaim, kind: 'individual' | 'organisation' = claim.kind === 'resident_id' ? 'individual' : 'organisation') {
  const deps = subjectDeps(db);
  await registerKnownIdentity(db, deps.vault, claim);
  return recordSubjectIdentity(deps, PLATFORM, {
    subject: { id, kind, displayName: claim.name },
    identity: claim,
    contactEmail: `${id}@users.example`,
  });
}
