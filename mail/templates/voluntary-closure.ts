import { formatDeadline } from '../format';

/** The notices a voluntary suspension or closure sends. */
export type VoluntaryClosureNoticeKind = 'suspended' | 'resumed' | 'closure_applied' | 'reminder' | 'closed' | 'cancelled' | 'stopped';
export const VOLUNTARY_CLOSURE_NOTICE_KINDS: readonly VoluntaryClosureNoticeKind[] = ['suspended', 'resumed', 'closure_applied', 'reminder', 'closed', 'cancelled', 'stopped'];

export interface VoluntaryClosureNoticeContext {
  /** How many days the freeze lasts (closure). */
  freezeDays?: number;
  /** Whether the suspension ends on the holder's date ("until") or at the policy's longest. */
  untilGiven?: boolean;
  reason?: string;
  /** Why a suspension ended: the holder resumed, or its end came. */
  resumedBy?: 'holder' | 'end_date';
}

export interface VoluntaryClosureRenderInput extends VoluntaryClosureNoticeContext {
  caseRef: string;
  accountName: string;
  /** The suspension's end, or the date the account will close. */
  deadline: string;
}

const FOOTER = (c: VoluntaryClosureRenderInput) =>
  `\n案件编号：${c.caseRef}\n依据：《互联网用户公众账号信息服务管理规定》第十一条第三款\n\n` +
  `（Case reference ${c.caseRef}. This notice is about your public account "${c.accountName}".）\n`;

/** zh-CN notices: each names the case, the account and the date that matters (suspension end or closing date). */
export function renderVoluntaryClosureNotice(kind: VoluntaryClosureNoticeKind, c: VoluntaryClosureRenderInput): { subject: string; text: string } {
  const date = formatDeadline(c.deadline);
  switch (kind) {
    case 'suspended':
      return {
        subject: `【暂停更新】账号「${c.accountName}」已按您的申请暂停更新，至 ${date} — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n按您的申请，公众账号「${c.accountName}」已暂停信息更新，` +
          `${c.untilGiven ? '' : '您未指定结束日期，'}将于 ${date} 自动恢复。如需提前恢复，请通过平台提交恢复申请。\n` + FOOTER(c),
      };
    case 'resumed':
      return {
        subject: `【已恢复】账号「${c.accountName}」已恢复更新 — 案件 ${c.caseRef}`,
        text: `您好：\n\n${c.resumedBy === 'holder' ? '按您的申请，' : `暂停期限（${date}）已到，`}公众账号「${c.accountName}」已恢复信息更新。\n` + FOOTER(c),
      };
    case 'closure_applied':
      return {
        subject: `【注销申请】账号「${c.accountName}」将于 ${date} 注销 — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n我们已收到您注销公众账号「${c.accountName}」的申请。账号自即日起冻结（暂停更新），冻结期 ${c.freezeDays} 天，` +
          `将于 ${date} 正式注销。注销后账号不可恢复，其名称将被永久保留、不得再次注册。\n\n` +
          `如需撤回注销申请，请在 ${date} 前通过平台提交“撤回注销”，账号即恢复正常。\n` + FOOTER(c),
      };
    case 'reminder':
      return {
        subject: `【提醒】账号「${c.accountName}」将于 ${date} 注销 — 案件 ${c.caseRef}`,
        text: `您好：\n\n您的公众账号「${c.accountName}」将于 ${date} 注销。如需撤回注销申请，请在此之前通过平台提交“撤回注销”。\n` + FOOTER(c),
      };
    case 'closed':
      return {
        subject: `【已注销】账号「${c.accountName}」已注销 — 案件 ${c.caseRef}`,
        text: `您好：\n\n按您的申请，冻结期已满（${date}），公众账号「${c.accountName}」已注销。名称「${c.accountName}」已被永久保留，不得再次注册。\n` + FOOTER(c),
      };
    case 'cancelled':
      return {
        subject: `【已撤回】账号「${c.accountName}」的注销申请已撤回 — 案件 ${c.caseRef}`,
        text: `您好：\n\n按您的申请，公众账号「${c.accountName}」的注销申请已撤回（原定注销日期：${date}），账号已恢复正常。\n` + FOOTER(c),
      };
    case 'stopped':
      return {
        subject: `【注销中止】账号「${c.accountName}」的注销已中止 — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n公众账号「${c.accountName}」的注销（原定 ${date}）已被平台中止，账号恢复正常。原因：${c.reason ?? ''}\n` +
          `如有疑问，请联系平台客服并提供案件编号。\n` + FOOTER(c),
      };
  }
}
