import { ApplicationFailure } from '@temporalio/common';
import type { IdentityDeps } from '../../identity/deps';
import type { Policy } from '../../policy/policy';
import type { TransferFinding } from '../../schemas/account-transfer';
import { getAccount } from '../../store/accounts';
import type { Sql } from '../../store/db';
import { checkEligibility } from '../eligibility';

/**
 * The receiving side "verified as for a registration" (Art. 11 ¶2): the shared eligibility check
 * (services/eligibility.ts) with the account's own name and category, the account itself excluded from
 * the receiver's quota and from name clashes. Findings only: rules, fields and details, no numbers.
 */
export async function checkReceiver(deps: { db: Sql; policy: Policy; identity?: IdentityDeps }, q: { accountId: string; receiverSubjectId: string }): Promise<TransferFinding[]> {
  // Retryable: a worker with the identity keys (IDENTITY_KEYS_FILE) picks the check up.
  if (!deps.identity) throw ApplicationFailure.retryable('this worker has no identity vault and verifier (IDENTITY_KEYS_FILE): the check waits for one that has', 'IdentityNotConfigured');
  const account = await getAccount(deps.db, q.accountId);
  if (!account) throw ApplicationFailure.nonRetryable(`account ${q.accountId} does not exist`, 'UnknownAccount');
  const report = await checkEligibility(
    { db: deps.db, policy: deps.policy, ...deps.identity },
    { subjectId: q.receiverSubjectId, accountName: account.name, contentCategory: account.contentCategory, accountId: account.id },
  );
  return report.findings;
}
