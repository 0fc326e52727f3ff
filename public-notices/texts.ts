import { formatDeadline } from '../mail/format';
import type { PublicNoticeKind } from '../store/public-notices';

/**
 * The zh-CN texts of public notices. What a notice may say of a subject: an organisation's name in full
 * (Art. 9 ¶2 makes an organisation's registration information public), an individual's masked (张*),
 * since a person's real name is personal information.
 */

export interface NoticeParty {
  kind: 'individual' | 'organisation';
  displayName: string;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: the first character only, so followers can recognise, not identify. */
export function publicName(p: NoticeParty): string {
  if (p.kind === 'organisation') return p.displayName;
  const chars = [...p.displayName.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

export interface PublicNoticeContext {
  caseRef: string;
  accountName: string;
  from: NoticeParty;
  to: NoticeParty;
  /** When the subject changes (transfer_pending) or changed (subject_changed). */
  effectiveAt: string;
}

const FOOTER = (c: PublicNoticeContext) => `\n\n依据：《互联网用户公众账号信息服务管理规定》第十一条第二款　案件编号：${c.caseRef}`;

/** Title and body of a public notice. */
export function renderPublicNotice(kind: PublicNoticeKind, c: PublicNoticeContext): { title: string; body: string } {
  const from = publicName(c.from);
  const to = publicName(c.to);
  const when = formatDeadline(c.effectiveAt);
  switch (kind) {
    case 'transfer_pending':
      return {
        title: `公示：公众账号「${c.accountName}」将于 ${when} 变更运营主体`,
        body: `经申请并核验，公众账号「${c.accountName}」的运营主体将于 ${when} 由「${from}」变更为「${to}」。公示期内如有异议，请通过平台投诉渠道反映。` + FOOTER(c),
      };
    case 'transfer_cancelled':
      return {
        title: `公示：公众账号「${c.accountName}」的运营主体变更已撤回`,
        body: `公众账号「${c.accountName}」原定于 ${when} 由「${from}」变更为「${to}」的运营主体变更已由申请人撤回，运营主体不变。` + FOOTER(c),
      };
    case 'subject_changed':
      return {
        title: `公示：公众账号「${c.accountName}」已变更运营主体`,
        body: `公众账号「${c.accountName}」的运营主体已于 ${when} 由「${from}」变更为「${to}」。` + FOOTER(c),
      };
  }
}
