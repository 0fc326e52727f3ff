import { formatDeadline } from '../format';

// Mail owns these types; the workflow imports them (activities and mail are bundled with no workflow code).

/** The notices an unauthorised-transfer case sends. */
export type UnauthorisedTransferNoticeKind = 'opened' | 'reminder' | 'restored' | 'terminated' | 'withdrawn';
export const UNAUTHORISED_TRANSFER_NOTICE_KINDS: readonly UnauthorisedTransferNoticeKind[] = ['opened', 'reminder', 'restored', 'terminated', 'withdrawn'];

/** What the workflow sends along with a notice. */
export interface UnauthorisedTransferNoticeContext {
  reason?: string;
}

export interface UnauthorisedTransferRenderInput extends UnauthorisedTransferNoticeContext {
  caseRef: string;
  accountName: string;
  /** The holder's deadline to answer. */
  deadline: string;
}

const FOOTER = (c: UnauthorisedTransferRenderInput) =>
  `\n案件编号：${c.caseRef}\n依据：《互联网用户公众账号信息服务管理规定》第十一条第二款\n\n` +
  `（Case reference ${c.caseRef}. This notice is about your public account "${c.accountName}".）\n`;

/** zh-CN notices: each names the case, the account and the deadline to answer. */
export function renderUnauthorisedTransferNotice(kind: UnauthorisedTransferNoticeKind, c: UnauthorisedTransferRenderInput): { subject: string; text: string } {
  const deadline = formatDeadline(c.deadline);
  switch (kind) {
    case 'opened':
      return {
        subject: `【暂停服务】账号「${c.accountName}」疑似未经批准转让 — 请于 ${deadline} 前说明 — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n我们发现您的公众账号「${c.accountName}」疑似未经平台批准转让给他人使用。依据规定，账号转让须经申请并核验受让方身份；` +
          `我们已暂停该账号的服务。\n\n如账号并未转让，请于 ${deadline} 前通过平台提交说明。逾期未说明的，将根据已有材料作出处理，` +
          `确属擅自转让的，将终止提供服务，且该名称将被永久保留、不得再次注册。\n` + FOOTER(c),
      };
    case 'reminder':
      return {
        subject: `【提醒】账号「${c.accountName}」说明期限将至 — 截止 ${deadline} — 案件 ${c.caseRef}`,
        text: `您好：\n\n关于您的公众账号「${c.accountName}」疑似擅自转让一事，说明期限为 ${deadline}，我们尚未收到您的说明。\n` + FOOTER(c),
      };
    case 'restored':
      return {
        subject: `【已恢复】账号「${c.accountName}」服务已恢复 — 案件 ${c.caseRef}`,
        text: `您好：\n\n经审核，您的公众账号「${c.accountName}」的服务已恢复。审核意见：${c.reason ?? ''}\n（说明期限：${deadline}）\n` + FOOTER(c),
      };
    case 'withdrawn':
      return {
        subject: `【已撤销】账号「${c.accountName}」的擅自转让处理已撤销 — 案件 ${c.caseRef}`,
        text: `您好：\n\n经复核，关于您账号擅自转让的报告不成立，处理已撤销，账号服务已恢复。给您带来不便，敬请谅解。原因：${c.reason ?? ''}\n（说明期限：${deadline}）\n` + FOOTER(c),
      };
    case 'terminated':
      return {
        subject: `【终止服务】账号「${c.accountName}」因擅自转让已终止服务 — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n经审核并经第二名主管复核确认，您的公众账号「${c.accountName}」未经批准转让，依据规定已终止提供服务。` +
          `名称「${c.accountName}」已被永久保留，不得再次注册。（说明期限：${deadline}）\n` + FOOTER(c),
      };
  }
}
