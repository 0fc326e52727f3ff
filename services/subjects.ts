import { randomUUID } from 'node:crypto';
import type { IdentityDeps } from '../identity/deps';
import { maskCreditCode, maskIdNumber, maskMobile } from '../identity/mask';
import { normaliseLegalName, normaliseMobile, normaliseNumber } from '../identity/normalise';
import type { IdentityClaim, VerifyOutcome } from '../identity/verifier';
import type { Principal, Role } from '../rules/roles';
import { InvalidInputError, parseInput } from '../schemas/errors';
import { RecordSubjectIdentitySchema, type RecordSubjectIdentityInput } from '../schemas/subjects';
import { getSubject, upsertSubject } from '../store/accounts';
import { withTransaction, type Db } from '../store/db';
import { appendRecord } from '../store/records';
import { getSubjectIdentity, putSubjectIdentity, subjectOfNumber, type StoredIdentity } from '../store/subject-identities';
import { requireRole } from './errors';

export const IDENTITY_WRITERS = ['platform'] as const satisfies readonly Role[];

export type SubjectDeps = { db: Db } & IdentityDeps;

/** What anyone is shown of a subject's identity: masked forms, and whether it was verified. */
export interface SubjectIdentityView {
  subjectId: string;
  kind: 'resident_id' | 'credit_code';
  numberMasked: string;
  phoneMasked: string;
  verified: boolean;
}

export const identityView = (i: StoredIdentity): SubjectIdentityView => ({
  subjectId: i.subjectId,
  kind: i.kind,
  numberMasked: i.numberMasked,
  phoneMasked: i.phoneMasked,
  verified: i.verifiedAt !== null,
});

const refused = (field: string, rule: string, detail: string) => new InvalidInputError(`invalid subject identity: ${field}: ${detail}`, [{ field, rule }]);

/** A verifier's "no" as the field it is about; `unavailable` is not a no (the identity is kept unverified). */
function refusalOf(outcome: Exclude<VerifyOutcome, { ok: true }>): InvalidInputError | undefined {
  switch (outcome.code) {
    case 'unknown_number':
      return refused('identity.number', 'must be a number the real-name register knows', outcome.reason);
    case 'name_mismatch':
      return refused('identity.name', 'must be the name registered with the number', outcome.reason);
    case 'phone_mismatch':
      return refused('identity.phone', 'must be the phone number registered with the number', outcome.reason);
    case 'rejected':
      return refused('identity.number', 'must be an identity the register vouches for', outcome.reason);
    case 'unavailable':
      return undefined;
  }
}

/**
 * Records a subject's real identity (Art. 8 ¶1), verified through the configured verifier: the subject
 * (created if new, with its contact address) and its number and phone as hash, sealed copy and mask.
 * A false identity is refused and nothing is kept ("不得为其提供相关服务"). A verifier that cannot
 * answer leaves the identity recorded but unverified; the eligibility check asks again.
 * One number, one subject: a number bound to another subject id is refused, without saying which.
 */
export async function recordSubjectIdentity(deps: SubjectDeps, by: Principal, body: RecordSubjectIdentityInput): Promise<SubjectIdentityView> {
  requireRole(by, IDENTITY_WRITERS, "record a subject's real identity");
  const input = parseInput(RecordSubjectIdentitySchema, body, 'subject identity');
  const claim: IdentityClaim = {
    kind: input.identity.kind,
    number: normaliseNumber(input.identity.kind, input.identity.number),
    name: normaliseLegalName(input.identity.name),
    phone: normaliseMobile(input.identity.phone),
  };
  const { vault } = deps;
  const numberHash = vault.hash(claim.kind, claim.number);
  // Checked before asking the verifier (a provider call may cost money), and again in the transaction.
  const bound = await subjectOfNumber(deps.db, numberHash);
  const boundElsewhere = () => refused('identity.number', 'must not be bound to another subject', 'this number is already the identity of another subject: one real identity is one subject');
  if (bound && bound !== input.subject.id) throw boundElsewhere();

  const outcome = await deps.verifier.verify(claim);
  if (!outcome.ok) {
    const refusal = refusalOf(outcome);
    if (refusal) throw refusal;
  }
  const stored: StoredIdentity = {
    subjectId: input.subject.id,
    kind: claim.kind,
    numberHash,
    numberSealed: vault.seal(claim.number),
    numberMasked: claim.kind === 'resident_id' ? maskIdNumber(claim.number) : maskCreditCode(claim.number),
    nameSealed: vault.seal(claim.name),
    phoneHash: vault.hash('phone', claim.phone),
    phoneSealed: vault.seal(claim.phone),
    phoneMasked: maskMobile(claim.phone),
    verifiedAt: outcome.ok ? new Date() : null,
    verifiedBy: outcome.ok ? deps.verifier.source : null,
  };

  try {
    await withTransaction(deps.db, async (tx) => {
      const subject = await getSubject(tx, input.subject.id);
      if (subject && subject.kind !== input.subject.kind) {
        throw refused('subject.kind', `must match the registered subject (${subject.kind})`, `subject "${subject.id}" is registered as ${subject.kind}`);
      }
      const existing = await getSubjectIdentity(tx, input.subject.id);
      // A subject's identity is who it is: a corrected phone is an update, another number is another subject.
      if (existing && existing.numberHash !== numberHash) {
        throw refused('identity.number', "must be the number already recorded for this subject", `subject "${input.subject.id}" has another identity on record (${existing.numberMasked})`);
      }
      await upsertSubject(tx, { ...input.subject, contactEmail: input.contactEmail });
      await putSubjectIdentity(tx, stored);
      await appendRecord(tx, {
        idempotencyKey: `subject_identity_recorded:${input.subject.id}:${randomUUID()}`,
        caseRef: null,
        accountId: null,
        action: 'subject_identity_recorded',
        article: '第八条第一款',
        actor: by.id,
        reason: outcome.ok ? '真实身份信息认证通过' : `真实身份信息已登记，待核验 (${outcome.reason})`,
        evidence: { subjectId: input.subject.id, kind: claim.kind, numberMasked: stored.numberMasked, phoneMasked: stored.phoneMasked, verifiedBy: stored.verifiedBy },
      });
    });
  } catch (err) {
    // Two subjects claiming one number at once: the second meets the unique index.
    if ((err as { code?: string; constraint?: string }).code === '23505' && (err as { constraint?: string }).constraint === 'subject_identities_number_hash_key') throw boundElsewhere();
    throw err;
  }
  return identityView(stored);
}

/** The verified claim of a stored identity, opened from its sealed copies: for re-verification only. */
export function storedClaim(deps: IdentityDeps, i: StoredIdentity): IdentityClaim {
  return { kind: i.kind, number: deps.vault.open(i.numberSealed), name: deps.vault.open(i.nameSealed), phone: deps.vault.open(i.phoneSealed) };
}
