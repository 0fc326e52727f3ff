import { ApplicationFailure, log } from '@temporalio/activity';
import { renderNameCorrectionNotice, type NameCorrectionNoticeContext } from '../mail/templates/name-correction';
import { getAccount } from '../store/accounts';
import { findSentNotice, markNoticeSent } from '../store/notices';
import type { NoticeKind } from '../workflows/name-correction/state';
import type { ActivityDeps } from './deps';

export interface NoticeInput extends Omit<NameCorrectionNoticeContext, 'accountName'> {
  idempotencyKey: string;
  kind: NoticeKind;
  accountId: string;
}

export function createNoticeActivities({ db, mailer }: ActivityDeps) {
  return {
    /**
     * E-mails a notice to the account's contact. The address is read here, so it never enters the
     * workflow history. Idempotency: a notice row marks it sent; a retry finds the row and sends nothing.
     * A crash between the SMTP hand-off and the row can send once more, with the same Message-ID.
     */
    async sendNotice(n: NoticeInput): Promise<{ messageId: string; alreadySent: boolean }> {
      const sent = await findSentNotice(db, n.idempotencyKey);
      if (sent) return { messageId: sent.messageId, alreadySent: true };
      const account = await getAccount(db, n.accountId);
      if (!account) throw ApplicationFailure.nonRetryable(`account ${n.accountId} does not exist`, 'UnknownAccount');
      const { subject, text } = renderNameCorrectionNotice(n.kind, { ...n, accountName: account.name });
      const messageId = `<${n.idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@notices.compliance>`;
      await mailer.send({
        to: account.contactEmail,
        subject,
        text,
        messageId,
        headers: { 'X-Case-Ref': n.caseRef, 'X-Notice-Kind': n.kind, 'X-Deadline': n.deadline },
      });
      await markNoticeSent(db, { idempotencyKey: n.idempotencyKey, caseRef: n.caseRef, accountId: n.accountId, kind: n.kind, messageId });
      log.info('notice sent', { caseRef: n.caseRef, kind: n.kind, messageId });
      return { messageId, alreadySent: false };
    },
  };
}
