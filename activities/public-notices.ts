import { ApplicationFailure } from '@temporalio/activity';
import { renderPublicNotice } from '../public-notices/texts';
import { getAccount, getSubject } from '../store/accounts';
import { insertPublicNotice, publicNoticeOfRecord, type PublicNoticeKind } from '../store/public-notices';
import { recordAndApply, type MeasureInput } from './account-measures';
import type { ActivityDeps } from './deps';

/** A public notice about a change of subject: the parties by id; their public names are read here. */
export type PublishNoticeInput = MeasureInput & { kind: PublicNoticeKind; fromSubjectId: string; toSubjectId: string; effectiveAt: string };

export function createPublicNoticeActivities({ db, onRecord }: ActivityDeps) {
  return {
    /**
     * Publishes a public notice (GET /v1/public-notices) with its record, in one transaction; a retry
     * (same idempotency key) finds the record and publishes nothing twice. The text is rendered here from
     * the store, so no subject's name is in the workflow; an individual's is masked (public-notices/texts.ts).
     */
    async publishNotice(m: PublishNoticeInput): Promise<{ applied: boolean; id: string }> {
      const account = await getAccount(db, m.accountId);
      const from = await getSubject(db, m.fromSubjectId);
      const to = await getSubject(db, m.toSubjectId);
      if (!account || !from || !to) throw ApplicationFailure.nonRetryable(`account ${m.accountId} or a subject of the notice does not exist`, 'UnknownAccount');
      const { title, body } = renderPublicNotice(m.kind, { caseRef: m.caseRef, accountName: account.name, from, to, effectiveAt: m.effectiveAt });
      const { kind, fromSubjectId: _f, toSubjectId: _t, effectiveAt, ...rec } = m;
      const record = { ...rec, action: 'publish_notice', evidence: { kind, title, effectiveAt } };
      const out = await recordAndApply(db, record, (tx, seq) => insertPublicNotice(tx, { kind, accountId: m.accountId, caseRef: m.caseRef, title, body, recordSeq: seq }));
      if (out.applied) onRecord?.(record);
      const notice = out.changed ?? (await publicNoticeOfRecord(db, out.seq));
      return { applied: out.applied, id: notice?.id ?? '' };
    },
  };
}
