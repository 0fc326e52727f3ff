import { randomUUID } from 'node:crypto';
import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { SEND_TIMEOUT_MS } from '../mail/mailer';
import { renderNotice } from '../mail/templates';
import type { NameCorrectionNoticeContext } from '../mail/templates/name-correction';
import { ContactEmailSchema } from '../schemas/accounts';
import { getAccount, getSubject } from '../store/accounts';
import { claimNotice, markNoticeSent, releaseNoticeClaim } from '../store/notices';
import type { ActivityDeps } from './deps';
import { NOTICE_UNDELIVERABLE } from '../workflows/failure-types';

/** A notice as processes send it: the template is chosen by `caseKind` and `kind`, and fed `context`. */
export interface CaseNoticeInput {
  /** One per notice: a retry with the same key never sends it twice. */
  idempotencyKey: string;
  /** The process, as in mail/templates/index.ts (e.g. 'name-correction'). */
  caseKind: string;
  /** The notice within the process (e.g. 'opened'). */
  kind: string;
  caseRef: string;
  accountId: string;
  /** Stated in the notice and sent as X-Deadline. */
  deadline?: string;
  /** Whatever the process's template needs (for name correction: NameCorrectionNoticeContext). */
  context?: Record<string, unknown>;
  /**
   * The subject to e-mail instead of the account's contact (a transfer's receiving side): its
   * subjects.contact_email. The template still names the account.
   */
  toSubject?: string;
}

/**
 * The shape name-correction cases started before CaseNoticeInput still send (their histories replay
 * it): no caseKind, the context's fields at the top level. Accepted so that those cases finish.
 */
export interface LegacyNoticeInput extends NameCorrectionNoticeContext {
  idempotencyKey: string;
  kind: string;
  caseRef: string;
  accountId: string;
  deadline: string;
}

/** What sendNotice accepts. New callers build a CaseNoticeInput. */
export type NoticeInput = CaseNoticeInput | LegacyNoticeInput;

function normalise(n: NoticeInput): CaseNoticeInput {
  if ('caseKind' in n && typeof n.caseKind === 'string') return n;
  const { idempotencyKey, kind, caseRef, accountId, deadline, ...context } = n as LegacyNoticeInput;
  return { idempotencyKey, caseKind: 'name-correction', kind, caseRef, accountId, deadline, context };
}

/**
 * How long a claim on a notice holds. An attempt hands the notice to the relay right after claiming,
 * and the mailer gives up after SEND_TIMEOUT_MS whatever the relay does; the rest is margin for a slow
 * round trip to the database and a busy event loop. A claim older than this belongs to a dead
 * attempt (a killed worker), and a retry takes it over; until then retries wait.
 */
export const NOTICE_CLAIM_LEASE_MS = SEND_TIMEOUT_MS + 10_000;

interface SmtpError {
  code?: unknown;
  originalCode?: unknown;
  command?: unknown;
  responseCode?: unknown;
  rejectedErrors?: SmtpError[];
}

/** 5xx is "never", except 503: a command out of sequence says the conversation went wrong, not the mailbox. */
const permanentCode = (c: unknown): boolean => typeof c === 'number' && c >= 500 && c < 600 && c !== 503;

/**
 * Whether the relay refused the recipient for good: a 5xx reply to RCPT TO. Nothing else is: a 4xx
 * to RCPT TO is greylisting or a full queue, and a refusal of MAIL FROM, AUTH (a wrong relay
 * password) or DATA, or a failure to connect, says nothing about the recipient's mailbox. nodemailer
 * fails a message whose recipients were all refused with code EENVELOPE, command 'RCPT TO', and each
 * refusal in `rejectedErrors` (command 'RCPT TO', its responseCode). A notice has one recipient, so
 * a refused RCPT TO is for that recipient.
 */
export function recipientRefusedForGood(err: unknown): boolean {
  const e = (err ?? {}) as SmtpError;
  if (e.code !== 'EENVELOPE' || e.command !== 'RCPT TO') return false;
  const refusals = (e.rejectedErrors ?? []).filter((r) => r.command === 'RCPT TO');
  return refusals.length > 0 && refusals.every((r) => permanentCode(r.responseCode));
}

/**
 * An SMTP error reduced to code, reply code and command, without its message: relays echo the
 * recipient's address in their replies, and the failure goes to the worker log, the UI and the history.
 */
function smtpFailure(err: unknown): ApplicationFailure {
  const e = (err ?? {}) as SmtpError;
  const word = (v: unknown, pattern: RegExp) => (typeof v === 'string' && pattern.test(v) ? v : undefined);
  const code = word(e.code, /^[A-Z_]{1,32}$/) ?? 'error';
  // For refused recipients, the reply to RCPT TO: the top-level one may be another's.
  const replyCode = (e.rejectedErrors ?? []).find((r) => typeof r.responseCode === 'number')?.responseCode ?? e.responseCode;
  const reply = typeof replyCode === 'number' && Number.isInteger(replyCode) ? ` ${replyCode}` : '';
  // Undeliverable is always a reply to RCPT TO: the workflow records this text as the reason.
  if (recipientRefusedForGood(err)) return ApplicationFailure.nonRetryable(`notice undeliverable: SMTP ${code}${reply}`, NOTICE_UNDELIVERABLE);
  const command = word(e.command, /^[A-Z][A-Z0-9 -]{0,31}$/);
  const original = word(e.originalCode, /^[A-Z_]{1,32}$/);
  const what = `SMTP ${code}${reply}${command ? ` on ${command}` : ''}${original ? ` (${original})` : ''}`;
  return ApplicationFailure.retryable(`notice not sent yet: ${what}`, 'NoticeDeferred');
}

/** A subject's contact address; none on file is undeliverable (a retry would find none either). */
async function subjectContact(db: ActivityDeps['db'], subjectId: string): Promise<string | null> {
  const subject = await getSubject(db, subjectId);
  if (!subject) throw ApplicationFailure.nonRetryable(`subject ${subjectId} does not exist`, 'UnknownSubject');
  return subject.contactEmail ?? null;
}

/** Who holds a claim: the activity attempt, for whoever reads the row; random, so never two alike. */
function claimant(): string {
  let attempt = 'outside an activity';
  try {
    const info = Context.current().info;
    attempt = `${info.workflowExecution?.workflowId ?? '?'}/${info.activityId}#${info.attempt}`;
  } catch {
    // not in an activity context (a script): the random part is enough
  }
  return `${attempt} ${randomUUID()}`;
}

export function createNoticeActivities({ db, mailer }: ActivityDeps) {
  return {
    /**
     * E-mails a notice to the account's contact. The address is read here, so it never enters the
     * workflow history. Idempotency: the attempt claims the notice (a 'sending' row) before handing it
     * to the relay and marks it 'sent' once the relay has accepted it; a retry finds it sent and sends
     * nothing, or finds a live claim and waits for it. A crash between the hand-off and the mark sends
     * once more after the lease, with the same Message-ID.
     */
    async sendNotice(input: NoticeInput): Promise<{ messageId: string; alreadySent: boolean }> {
      const n = normalise(input);
      const messageId = `<${n.idempotencyKey.replace(/[^A-Za-z0-9.-]/g, '.')}@notices.compliance>`;
      const notice = { idempotencyKey: n.idempotencyKey, caseRef: n.caseRef, accountId: n.accountId, kind: n.kind, messageId };

      // The claim first: it also answers whether the notice went out already, before any other work.
      const me = claimant();
      const claim = await claimNotice(db, { ...notice, claimant: me, leaseMs: NOTICE_CLAIM_LEASE_MS });
      if (claim.state === 'sent') return { messageId: claim.notice.messageId, alreadySent: true };
      if (claim.state === 'busy') {
        // Retry when the other attempt has finished or its lease has run out, not on the usual backoff.
        throw ApplicationFailure.create({
          message: 'notice is being sent by another attempt',
          type: 'NoticeBeingSent',
          nonRetryable: false,
          nextRetryDelay: Math.min(claim.retryInMs, NOTICE_CLAIM_LEASE_MS) + 1_000,
        });
      }
      if (claim.tookOver) log.warn('notice claim taken over from an attempt that outlived its lease', { caseRef: n.caseRef, kind: n.kind });

      try {
        const account = await getAccount(db, n.accountId);
        // A notice about an account not yet registered (a registration under review) goes to its subject.
        if (!account && n.toSubject === undefined) throw ApplicationFailure.nonRetryable(`account ${n.accountId} does not exist`, 'UnknownAccount');
        const to = n.toSubject === undefined ? account!.contactEmail : await subjectContact(db, n.toSubject);
        const accountName = account?.name ?? String(n.context?.accountName ?? n.accountId);
        // An address registered before contacts were checked may be a list ("a@x, b@y"): a notice goes
        // to the one contact or to nobody, and nobody is recorded as undeliverable.
        if (!ContactEmailSchema.safeParse(to).success) {
          throw ApplicationFailure.nonRetryable('notice undeliverable: the contact is not one valid e-mail address', NOTICE_UNDELIVERABLE);
        }
        const { subject, text } = renderNotice(n.caseKind, n.kind, { ...n.context, caseRef: n.caseRef, accountName, deadline: n.deadline });
        const headers: Record<string, string> = { 'X-Case-Ref': n.caseRef, 'X-Notice-Kind': n.kind };
        if (n.deadline !== undefined) headers['X-Deadline'] = n.deadline;
        await mailer.send({ to: to!, subject, text, messageId, headers }).catch((err: unknown) => {
          throw smtpFailure(err);
        });
      } catch (err) {
        // Not sent: give the claim back so that the retry need not wait out the lease.
        await releaseNoticeClaim(db, n.idempotencyKey, me).catch(() => undefined);
        throw err;
      }
      await markNoticeSent(db, notice);
      log.info('notice sent', { caseRef: n.caseRef, kind: n.kind, messageId });
      return { messageId, alreadySent: false };
    },
  };
}
