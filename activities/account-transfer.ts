import { ApplicationFailure } from '@temporalio/activity';
import { isRegulated } from '../rules/categories';
import type { TransferFinding } from '../schemas/account-transfer';
import { checkReceiver } from '../services/account-transfer/receiver-check';
import { getAccount, getSubject } from '../store/accounts';
import { heldQualification } from '../store/qualifications';
import { recordAndApply, type MeasureInput } from './account-measures';
import type { ActivityDeps } from './deps';

export type ChangeSubjectInput = MeasureInput & { fromSubjectId: string; toSubjectId: string };

export function createAccountTransferActivities({ db, policy, identity, onRecord }: ActivityDeps) {
  return {
    /** The receiving side's eligibility, as for a registration: findings only (ids, masked forms, rules). */
    async checkTransferReceiver(q: { accountId: string; receiverSubjectId: string }): Promise<{ findings: TransferFinding[] }> {
      return { findings: await checkReceiver({ db, policy, ...(identity ? { identity } : {}) }, q) };
    },

    /**
     * The change of subject (Art. 11 ¶2): the account's subject and contact become the receiver's, in the
     * transaction of its record; a retry finds the record and changes nothing. The badge is derived from
     * the subject's qualification (services/qualifications.ts), so it stays only if the receiver holds one
     * for the account's category: `badgeKept` says which, in the record.
     */
    async changeAccountSubject(m: ChangeSubjectInput): Promise<{ applied: boolean; seq: string; badgeKept: boolean }> {
      const account = await getAccount(db, m.accountId);
      if (!account) throw ApplicationFailure.nonRetryable(`account ${m.accountId} does not exist`, 'UnknownAccount');
      const receiver = await getSubject(db, m.toSubjectId);
      if (!receiver?.contactEmail) throw ApplicationFailure.nonRetryable(`subject ${m.toSubjectId} has no contact address`, 'UnknownSubject');
      const category = account.contentCategory;
      const regulated = isRegulated(category);
      const badgeKept = regulated && (await heldQualification(db, m.toSubjectId, category)) !== undefined;
      const { fromSubjectId, toSubjectId, ...rec } = m;
      const out = await recordAndApply(db, { ...rec, action: 'change_subject', evidence: { fromSubjectId, toSubjectId, category, regulated, badgeKept } }, async (tx) => {
        const r = await tx.query(
          `UPDATE accounts SET subject_id = $2, contact_email = $3, updated_at = now() WHERE id = $1 AND subject_id = $4`,
          [m.accountId, toSubjectId, receiver.contactEmail, fromSubjectId],
        );
        // Someone else changed the holder meanwhile: nothing is recorded (the transaction rolls back).
        if (r.rowCount !== 1) throw ApplicationFailure.nonRetryable(`account ${m.accountId} is no longer held by ${fromSubjectId}`, 'HolderChanged');
      });
      if (out.applied) onRecord?.({ ...rec, action: 'change_subject' });
      // A retry reports what the first attempt recorded.
      const recorded = out.applied ? badgeKept : await badgeKeptOf(out.seq);
      return { applied: out.applied, seq: out.seq, badgeKept: recorded };
    },
  };

  async function badgeKeptOf(seq: string): Promise<boolean> {
    const r = await db.query<{ kept: boolean | null }>(`SELECT (evidence->>'badgeKept')::boolean AS kept FROM records WHERE seq = $1`, [seq]);
    return r.rows[0]?.kept ?? false;
  }
}
