import { ApplicationFailure, log } from '@temporalio/activity';
import { renderNameCorrectionNotice, type NameCorrectionNoticeContext } from '../mail/templates/name-correction';
import { getAccount } from '../store/accounts';
import { findSentNotice, markNoticeSent } from '../store/notices';
import type { NoticeKind } from '../workflows/name-correction/state';
import type { ActivityDeps } from './deps';
import { NOTICE_UNDELIVERABLE } from '../workflows/failure-types';

export interface NoticeInput extends Omit<NameCorrectionNoticeContext, 'accountName'> {
  idempotencyKey: string;
  kind: NoticeKind;
  accountId: string;
}

/**
 * An SMTP error, without its message: relays echo the recipient's address in their replies, and the
 * failure goes to the worker log, the UI and possibly the history. A permanent refusal (5xx, a bad
 * envelope) is not retried; anything else (the relay down, a timeout) is.
 */
function smtpFailure(err: unknown): ApplicationFailure {
  const e = err as { code?: string; responseCode?: number };
  const what = `SMTP ${e.code ?? 'error'}${e.responseCode ? ` ${e.responseCode}` : ''}`;
  const permanent = (e.responseCode !== undefined && e.responseCode >= 500) || e.code === 'EENVELOPE';
  return permanent
    ? ApplicationFailure.nonRetryable(`notice undeliverable: ${what}`, NOTICE_UNDELIVERABLE)
    : ApplicationFailure.retryable(`notice not sent yet: ${what}`, 'NoticeDeferred');
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
      try {
        await mailer.send({
          to: account.contactEmail,
          subject,
          text,
          messageId,
          headers: { 'X-Case-Ref': n.caseRef, 'X-Notice-Kind': n.kind, 'X-Deadline': n.deadline },
        });
      } catch (err) {
        throw smtpFailure(err);
      }
      await markNoticeSent(db, { idempotencyKey: n.idempotencyKey, caseRef: n.caseRef, accountId: n.accountId, kind: n.kind, messageId });
      log.info('notice sent', { caseRef: n.caseRef, kind: n.kind, messageId });
      return { messageId, alreadySent: false };
    },
  };
}
