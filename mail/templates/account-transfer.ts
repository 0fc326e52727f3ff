import { formatDeadline } from '../format';
import type { TransferFinding } from '../../schemas/account-transfer';

// Mail owns these types and the workflow imports them, never the other way round.

/** The notices an account-transfer case sends; each goes to the holder, the receiving side, or both. */
export type AccountTransferNoticeKind = 'materials_needed' | 'confirm_requested' | 'approved' | 'completed' | 'rejected' | 'withdrawn' | 'lapsed' | 'reminder';

export const ACCOUNT_TRANSFER_NOTICE_KINDS: readonly AccountTransferNoticeKind[] = [
  'materials_needed',
  'confirm_requested',
  'approved',
  'completed',
  'rejected',
  'withdrawn',
  'lapsed',
  'reminder',
];

/** What the workflow sends along with a notice. */
export interface AccountTransferNoticeContext {
  /** Whom the notice addresses: the text differs for the two sides. */
  party?: 'holder' | 'receiver';
  findings?: TransferFinding[];
  effectiveAt?: string;
  cause?: string;
  reasons?: string;
  badgeKept?: boolean;
}

export interface AccountTransferRenderInput extends AccountTransferNoticeContext {
  caseRef: string;
  accountName: string;
  deadline?: string;
}

const FOOTER = (c: AccountTransferRenderInput) =>
  `\n案件编号：${c.caseRef}\n依据：《互联网用户公众账号信息服务管理规定》第十一条第二款\n\n（Case reference ${c.caseRef}. This notice is about the transfer of the public account "${c.accountName}".）\n`;

const LAPSE = { materials_deadline: '接收方未在期限内补充材料', confirmation_deadline: '双方未在期限内全部确认' } as Record<string, string>;

/** zh-CN notices of an account-transfer case, each naming the case, the account and any deadline. */
export function renderAccountTransferNotice(kind: AccountTransferNoticeKind, c: AccountTransferRenderInput): { subject: string; text: string } {
  const deadline = c.deadline ? formatDeadline(c.deadline) : '';
  const side = c.party === 'receiver' ? '作为接收方' : '作为账号持有人';
  const findings = (c.findings ?? []).map((f) => `  - ${f.detail}`).join('\n');
  switch (kind) {
    case 'materials_needed':
      return {
        subject: `【补充材料】账号「${c.accountName}」迁移需补充材料 — 截止 ${deadline} — 案件 ${c.caseRef}`,
        text: `您好：\n\n您申请接收公众账号「${c.accountName}」。核验发现以下事项需要您补充材料：\n${findings}\n\n请于 ${deadline} 前补充，逾期未补充的，迁移申请将终止。\n` + FOOTER(c),
      };
    case 'confirm_requested':
      return {
        subject: `【请确认】账号「${c.accountName}」迁移待确认 — 截止 ${deadline} — 案件 ${c.caseRef}`,
        text: `您好：\n\n公众账号「${c.accountName}」的迁移申请已通过接收方核验。请您${side}于 ${deadline} 前确认。双方均确认后将进入人工审核。\n` + FOOTER(c),
      };
    case 'reminder':
      return {
        subject: `【提醒】账号「${c.accountName}」迁移待办将于 ${deadline} 截止 — 案件 ${c.caseRef}`,
        text: `您好：\n\n公众账号「${c.accountName}」的迁移案件仍在等待您的操作（确认或补充材料），截止时间为 ${deadline}。逾期迁移申请将终止。\n` + FOOTER(c),
      };
    case 'approved':
      return {
        subject: `【审核通过】账号「${c.accountName}」将于 ${formatDeadline(c.effectiveAt ?? c.deadline ?? '')} 变更运营主体 — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n公众账号「${c.accountName}」的迁移已经审核通过，并已向关注者公示。公示期满（${formatDeadline(c.effectiveAt ?? c.deadline ?? '')}）后运营主体将完成变更。` +
          `${c.party === 'holder' ? '在此之前您仍可撤回申请。' : ''}\n` + FOOTER(c),
      };
    case 'completed':
      return {
        subject: `【迁移完成】账号「${c.accountName}」运营主体已变更 — 案件 ${c.caseRef}`,
        text:
          (c.party === 'receiver'
            ? `您好：\n\n公众账号「${c.accountName}」已迁移至您名下，账号的通知邮箱已改为您登记的联系邮箱。` +
              (c.badgeKept ? '您持有该类别的专业资质，账号标识保留。' : '如账号类别需要专业资质，请提交资质材料后方可显示专业标识。')
            : `您好：\n\n公众账号「${c.accountName}」的运营主体即将完成变更，此后您将不再是该账号的运营主体，本邮箱也不再接收该账号的通知。`) +
          `\n` + FOOTER(c),
      };
    case 'rejected':
      return {
        subject: `【未通过】账号「${c.accountName}」迁移申请未通过 — 案件 ${c.caseRef}`,
        text: `您好：\n\n公众账号「${c.accountName}」的迁移申请未通过，运营主体不变。原因：${c.reasons || '未说明'}\n` + FOOTER(c),
      };
    case 'withdrawn':
      return {
        subject: `【已撤回】账号「${c.accountName}」迁移申请已撤回 — 案件 ${c.caseRef}`,
        text: `您好：\n\n账号持有人已撤回公众账号「${c.accountName}」的迁移申请，运营主体不变。${c.reasons ? `说明：${c.reasons}` : ''}\n` + FOOTER(c),
      };
    case 'lapsed':
      return {
        subject: `【已终止】账号「${c.accountName}」迁移申请逾期终止 — 案件 ${c.caseRef}`,
        text: `您好：\n\n因${LAPSE[c.cause ?? ''] ?? '期限届满'}（截止：${deadline}），公众账号「${c.accountName}」的迁移申请已终止，运营主体不变。如需迁移，请重新申请。\n` + FOOTER(c),
      };
  }
}
