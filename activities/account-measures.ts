import { ApplicationFailure } from '@temporalio/activity';
import { applyProfile, getAccount, setAccountStatus, type AccountStatus, type Profile } from '../store/accounts';
import { withTransaction, type Db, type Tx } from '../store/db';
import { appendRecord, type RecordInput } from '../store/records';
import { reserveName } from '../store/reserved-names';
import { normalizeName, pinyinKey } from '../rules/names';
import type { ActivityDeps } from './deps';

/** Common fields of every measure: the record's idempotency key, the case and who decided it. */
export interface MeasureInput {
  idempotencyKey: string;
  caseRef: string;
  accountId: string;
  actor: string;
  reason: string;
  article: string;
  evidence?: Record<string, unknown>;
}

/**
 * Idempotency: the record and the change it records commit in one transaction, and the change is made
 * only when the record is new. A retried activity (worker killed after commit, before reporting)
 * finds its record and changes nothing.
 */
async function recordAndApply(db: Db, rec: RecordInput, change: (tx: Tx) => Promise<void>): Promise<{ applied: boolean; seq: string }> {
  return withTransaction(db, async (tx) => {
    const { inserted, record } = await appendRecord(tx, rec);
    if (inserted) await change(tx);
    return { applied: inserted, seq: record.seq };
  });
}

async function requireAccount(db: Db, accountId: string) {
  const account = await getAccount(db, accountId);
  if (!account) throw ApplicationFailure.nonRetryable(`account ${accountId} does not exist`, 'UnknownAccount');
  return account;
}

function statusMeasure(db: Db, action: string, status: AccountStatus) {
  return async (m: MeasureInput) => {
    await requireAccount(db, m.accountId);
    return recordAndApply(db, { ...m, action }, (tx) => setAccountStatus(tx, m.accountId, status));
  };
}

export function createAccountMeasureActivities({ db }: ActivityDeps) {
  return {
    /** Art. 8 ¶2 "暂停提供服务": the account may not publish while the case runs. */
    suspendService: statusMeasure(db, 'suspend_service', 'suspended'),
    restoreService: statusMeasure(db, 'restore_service', 'active'),
    /** Art. 8 ¶2 "终止提供服务". */
    terminateService: statusMeasure(db, 'terminate_service', 'terminated'),

    async applyCorrectedProfile(m: MeasureInput & { profile: Profile }) {
      await requireAccount(db, m.accountId);
      return recordAndApply(db, { ...m, action: 'apply_profile', evidence: { ...m.evidence, profile: m.profile } }, (tx) =>
        applyProfile(tx, m.accountId, m.profile),
      );
    },

    /** Art. 8 ¶3: the name of an account whose service was terminated may never be registered again. */
    async reserveAccountName(m: MeasureInput) {
      const account = await requireAccount(db, m.accountId);
      const result = await recordAndApply(db, { ...m, action: 'reserve_name', evidence: { ...m.evidence, name: account.name } }, (tx) =>
        reserveName(tx, {
          normalized: normalizeName(account.name),
          pinyinKey: pinyinKey(account.name),
          name: account.name,
          reason: m.reason,
          caseRef: m.caseRef,
          accountId: m.accountId,
        }),
      );
      return { ...result, name: account.name };
    },

    /** An operator's or account holder's decision that is not itself a measure: recorded all the same. */
    async recordDecision(m: MeasureInput & { action: string }) {
      return recordAndApply(db, m, async () => undefined);
    },
  };
}
