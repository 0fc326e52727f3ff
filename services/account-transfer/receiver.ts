import type { IdentityDeps } from '../../identity/deps';
import type { Principal } from '../../rules/roles';
import type { OpenAccountTransfer } from '../../schemas/account-transfer';
import { InvalidInputError } from '../../schemas/errors';
import type { ServiceDeps } from '../deps';
import { recordSubjectIdentity, type SubjectIdentityView } from '../subjects';

/** The identity vault and verifier the API runs with (IDENTITY_KEYS_FILE, IDENTITY_VERIFIER). */
function identityDeps(deps: ServiceDeps): IdentityDeps {
  const d = deps as ServiceDeps & Partial<IdentityDeps>;
  if (!d.vault || !d.verifier) throw new Error('account transfer needs the identity vault and verifier (IDENTITY_KEYS_FILE, IDENTITY_VERIFIER)');
  return { vault: d.vault, verifier: d.verifier };
}

/**
 * Records the receiving side's real identity (services/subjects.ts: hashed, sealed, masked; verified)
 * and its contact address. A refusal names the field under `receiver.`, as the caller sent it.
 */
export async function recordReceiver(deps: ServiceDeps, by: Principal, r: OpenAccountTransfer['receiver']): Promise<SubjectIdentityView> {
  try {
    return await recordSubjectIdentity({ db: deps.db, ...identityDeps(deps) }, by, { subject: r.subject, identity: r.identity, contactEmail: r.contactEmail });
  } catch (err) {
    if (!(err instanceof InvalidInputError)) throw err;
    const issues = err.issues.map((i) => ({ ...i, field: `receiver.${i.field}` }));
    throw new InvalidInputError(`invalid account-transfer case: ${issues.map((i) => `${i.field}: ${i.rule}`).join('; ')} (${err.message})`, issues);
  }
}
