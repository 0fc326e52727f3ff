import { checkIdentityClaim } from '../identity/check';
import type { IdentityDeps } from '../identity/deps';
import type { Policy } from '../policy/policy';
import { tierAtLeast } from '../policy/standing';
import { isRegulated } from '../rules/categories';
import { checkProfile, MIN_EMBEDDED_LENGTH } from '../rules/check-profile';
import { nameIdentityProblem } from '../rules/name-identity';
import { normalizeName, pinyinKey } from '../rules/names';
import { KIND_OF_SUBJECT } from '../schemas/identity';
import { getSubject, type ContentCategory } from '../store/accounts';
import { listingInForce } from '../store/blacklist';
import type { Sql } from '../store/db';
import { heldQualification } from '../store/qualifications';
import { findReservedMatches } from '../store/reserved-names';
import { countLiveAccounts, getSubjectIdentity, markIdentityVerified } from '../store/subject-identities';
import { subjectCredit } from './standing';
import { storedClaim } from './subjects';

/**
 * May this subject hold an account of this name and category? The one check shared by registration and by
 * the receiving side of a transfer (Art. 11 ¶2: "按照注册要求核验"). `refuse` findings stop it; `review`
 * findings send it to a person for the extra checks the provisions ask for (Art. 8 ¶3, Art. 10 ¶1).
 * Usable from an activity: it takes its deps, and returns data only (no personal numbers in it).
 */
export interface EligibilityFinding {
  rule: 'identity' | 'identity_format' | 'blacklist' | 'quota' | 'credit' | 'qualification' | 'name' | 'name_identity';
  field: string;
  detail: string;
  severity: 'refuse' | 'review';
}

export interface EligibilityReport {
  /** No 'refuse' finding. */
  ok: boolean;
  needsReview: boolean;
  findings: EligibilityFinding[];
}

export type EligibilityDeps = { db: Sql; policy: Pick<Policy, 'credit' | 'registration' | 'names'> } & IdentityDeps;

export interface EligibilityQuery {
  subjectId: string;
  accountName: string;
  contentCategory: ContentCategory;
  /** The account changing hands (a transfer): it does not count against the quota, nor clash with its own name. */
  accountId?: string;
}

const refuse = (rule: EligibilityFinding['rule'], field: string, detail: string): EligibilityFinding => ({ rule, field, detail, severity: 'refuse' });
const review = (rule: EligibilityFinding['rule'], field: string, detail: string): EligibilityFinding => ({ rule, field, detail, severity: 'review' });

/** Art. 8 ¶1: a verified real identity, asked again of the verifier when it was not verified at the time. */
async function identityFindings(deps: EligibilityDeps, subjectId: string, subjectKind: 'individual' | 'organisation'): Promise<EligibilityFinding[]> {
  const identity = await getSubjectIdentity(deps.db, subjectId);
  if (!identity) return [refuse('identity', 'subjectId', '主体未登记真实身份信息 (no real identity on record: record it first, Art. 8 ¶1)')];
  if (identity.kind !== KIND_OF_SUBJECT[subjectKind]) {
    return [refuse('identity_format', 'subjectId', `主体类型与证件类型不符 (a ${subjectKind} cannot prove itself with a ${identity.kind})`)];
  }
  if (identity.verifiedAt) return [];
  const claim = storedClaim(deps, identity);
  const problems = checkIdentityClaim(claim);
  if (problems.length) return problems.map((p) => refuse('identity_format', `identity.${p.field}`, p.message));
  const outcome = await deps.verifier.verify(claim);
  if (outcome.ok) {
    await markIdentityVerified(deps.db, subjectId, deps.verifier.source);
    return [];
  }
  return [refuse('identity', 'subjectId', `真实身份信息未通过核验 (${outcome.code}: ${outcome.reason})`)];
}

/** Art. 8 ¶2–3: reserved names refuse; protected words and look-alikes need a person; so does another account's exact name. */
async function nameFindings(deps: EligibilityDeps, q: EligibilityQuery): Promise<EligibilityFinding[]> {
  const matches = await findReservedMatches(deps.db, normalizeName(q.accountName), pinyinKey(q.accountName), MIN_EMBEDDED_LENGTH);
  const findings = checkProfile({ name: q.accountName }, deps.policy.names.protectedWords, matches).map((f) =>
    f.rule === 'reserved_name' ? refuse('name', 'accountName', f.detail) : review('name', 'accountName', `${f.detail}，需加强核验 (extra verification, not straight through)`),
  );
  // Another live account under exactly this name: two accounts one reader cannot tell apart.
  const clash = await deps.db.query<{ id: string }>(
    `SELECT id FROM accounts WHERE name = $1 AND ($2::text IS NULL OR id <> $2) LIMIT 1`,
    [q.accountName, q.accountId ?? null],
  );
  if (clash.rows[0]) findings.push(refuse('name', 'accountName', `名称「${q.accountName}」已被其他账号使用 (another account has this name)`));
  return findings;
}

export async function checkEligibility(deps: EligibilityDeps, q: EligibilityQuery): Promise<EligibilityReport> {
  const subject = await getSubject(deps.db, q.subjectId);
  const findings: EligibilityFinding[] = [];
  if (!subject) {
    findings.push(refuse('identity', 'subjectId', `主体「${q.subjectId}」不存在 (no such subject: record its real identity first)`));
  } else {
    findings.push(...(await identityFindings(deps, subject.id, subject.kind)));

    const listing = await listingInForce(deps.db, subject.id);
    if (listing) findings.push(refuse('blacklist', 'subjectId', `主体已被列入黑名单 (blacklisted since ${listing.listedAt.toISOString()}: ${listing.reason})`));

    const max = deps.policy.registration.maxAccountsPerSubject[subject.kind];
    const held = await countLiveAccounts(deps.db, subject.id, q.accountId);
    if (held >= max) {
      findings.push(refuse('quota', 'subjectId', `主体已有 ${held} 个账号，达到上限 ${max} 个 (Art. 10 ¶1: at most ${max} accounts for an ${subject.kind})`));
    } else if (held >= 1) {
      // Art. 10 ¶1: a subject asking for more than one account gets the extra checks (nature, qualification, credit).
      findings.push(review('quota', 'subjectId', `主体已有 ${held} 个账号，申请多个账号需审核主体性质、资质和信用 (Art. 10 ¶1)`));
    }

    const credit = await subjectCredit(deps.db, subject.id, deps.policy.credit);
    if (!tierAtLeast(credit.tier, deps.policy.credit.minTierToReceive)) {
      findings.push(refuse('credit', 'subjectId', `主体信用等级 ${credit.tier}（${credit.score} 分）低于 ${deps.policy.credit.minTierToReceive} 级 (Art. 13 ¶1)`));
    }

    if (isRegulated(q.contentCategory) && !(await heldQualification(deps.db, subject.id, q.contentCategory))) {
      findings.push(refuse('qualification', 'contentCategory', `${q.contentCategory} 类内容需要经核验的专业资质 (Art. 9: no verified, unexpired ${q.contentCategory} qualification)`));
    }

    const mismatch = nameIdentityProblem(q.accountName, subject, deps.policy.names.organisationWords);
    if (mismatch) findings.push(review('name_identity', 'accountName', mismatch));
  }
  findings.push(...(await nameFindings(deps, q)));
  return { ok: !findings.some((f) => f.severity === 'refuse'), needsReview: findings.some((f) => f.severity === 'review'), findings };
}
