import type { Policy } from '../../policy/policy';
import { creditTier, tierAtLeast } from '../../policy/standing';
import { isRegulated } from '../../rules/categories';
import type { TransferFinding } from '../../schemas/account-transfer';
import { getAccount, getSubject } from '../../store/accounts';
import { listingInForce } from '../../store/blacklist';
import { getCreditScore } from '../../store/credit';
import type { Sql } from '../../store/db';
import { heldQualification } from '../../store/qualifications';
import { countLiveAccounts, getSubjectIdentity } from '../../store/subject-identities';

/**
 * The receiving side "verified as for a registration" (Art. 11 ¶2). INTERIM: the smallest adapter onto
 * H1's store, until services/eligibility.ts checkEligibility lands; then this delegates to it. It checks
 * the verified identity, the blacklist, the quota (the account itself not counted), the credit tier and
 * the qualification a regulated category needs.
 */
export async function checkReceiver(deps: { db: Sql; policy: Policy }, q: { accountId: string; receiverSubjectId: string }): Promise<TransferFinding[]> {
  const { db, policy } = deps;
  const account = await getAccount(db, q.accountId);
  const subject = await getSubject(db, q.receiverSubjectId);
  const findings: TransferFinding[] = [];
  const refuse = (rule: string, field: string, detail: string) => findings.push({ rule, field, detail, severity: 'refuse' });
  if (!account || !subject) {
    refuse('identity', 'receiver.subject.id', 'the account or the receiving subject is not in the registry');
    return findings;
  }
  const identity = await getSubjectIdentity(db, subject.id);
  if (!identity?.verifiedAt) refuse('identity', 'receiver.identity', '真实身份信息未通过认证 (the real identity is not verified)');
  const listing = await listingInForce(db, subject.id);
  if (listing) refuse('blacklist', 'receiver.subject.id', `主体已被列入黑名单：${listing.reason}`);
  const max = policy.registration.maxAccountsPerSubject[subject.kind];
  const held = await countLiveAccounts(db, subject.id, q.accountId);
  if (held >= max) refuse('quota', 'receiver.subject.id', `主体已持有 ${held} 个账号，达到上限 ${max} 个（第十条第一款）`);
  const score = (await getCreditScore(db, subject.id)) ?? policy.credit.start;
  const tier = creditTier(score, policy.credit);
  if (!tierAtLeast(tier, policy.credit.minTierToReceive)) refuse('credit', 'receiver.subject.id', `信用等级 ${tier} 低于接收账号所需的 ${policy.credit.minTierToReceive} 级`);
  if (isRegulated(account.contentCategory) && !(await heldQualification(db, subject.id, account.contentCategory))) {
    refuse('qualification', 'receiver.qualification', `账号类别「${account.contentCategory}」需要专业资质，接收方尚未持有经核验的资质（第九条）`);
  }
  return findings;
}
