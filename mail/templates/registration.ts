import { formatDeadline } from '../format';

// Mail owns these types and the workflow imports them (activities and mail are bundled without workflow code).

/** The notices a registration case sends the applicant; 'reminder' only because every process has one (reviewers get none). */
export type RegistrationNoticeKind = 'held' | 'approved' | 'rejected' | 'reminder';
export const REGISTRATION_NOTICE_KINDS: readonly RegistrationNoticeKind[] = ['held', 'approved', 'rejected', 'reminder'];

interface Finding {
  rule: string;
  field: string;
  detail: string;
}

/** What the workflow sends with a notice, plus what the activity adds. */
export interface RegistrationRenderInput {
  caseRef: string;
  accountName: string;
  deadline?: string;
  findings?: Finding[];
  reason?: string;
}

/** The rules of the eligibility check, as the applicant reads them. */
const RULE: Record<string, string> = {
  identity: '真实身份信息核验',
  identity_format: '身份信息格式',
  blacklist: '主体黑名单',
  quota: '同一主体注册账号数量上限（第十条第一款）',
  credit: '信用等级',
  qualification: '专业资质（第九条）',
  name: '账号名称（第八条第二款、第三款）',
  name_identity: '账号名称与真实身份',
};

const FOOTER = (c: RegistrationRenderInput) =>
  `\n案件编号：${c.caseRef}\n依据：《互联网用户公众账号信息服务管理规定》第八条第一款\n\n` +
  `（Case reference ${c.caseRef}. This notice is about the registration of the public account "${c.accountName}".）\n`;

const list = (fs: Finding[] = []) => fs.map((f) => `  - ${RULE[f.rule] ?? f.rule}：${f.detail}`).join('\n');

/** zh-CN notices of a registration case, each naming the case, the account and (while it runs) the review deadline. */
export function renderRegistrationNotice(kind: RegistrationNoticeKind, c: RegistrationRenderInput): { subject: string; text: string } {
  const by = c.deadline ? formatDeadline(c.deadline) : '';
  switch (kind) {
    case 'held':
      return {
        subject: `【注册审核中】公众账号「${c.accountName}」的注册申请需人工审核 — 预计 ${by} 前完成 — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n您申请注册的公众账号「${c.accountName}」需要进一步核验，已转人工审核：\n${list(c.findings)}\n\n` +
          `审核人员将于 ${by} 前作出决定，届时将另行通知您。审核期间账号尚未开通。如不再需要，可通过平台撤回申请。\n` + FOOTER(c),
      };
    case 'approved':
      return {
        subject: `【注册成功】公众账号「${c.accountName}」已通过审核并完成注册 — 案件 ${c.caseRef}`,
        text: `您好：\n\n您申请注册的公众账号「${c.accountName}」已通过审核，账号已开通。\n` + FOOTER(c),
      };
    case 'rejected':
      return {
        subject: `【注册未通过】公众账号「${c.accountName}」的注册申请未通过 — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n您申请注册的公众账号「${c.accountName}」未通过审核。原因：${c.reason ?? ''}\n` +
          (c.findings?.length ? `${list(c.findings)}\n` : '') +
          `\n如有异议，可补充材料后重新申请。\n` + FOOTER(c),
      };
    case 'reminder':
      return {
        subject: `【注册审核中】公众账号「${c.accountName}」的注册申请仍在审核 — 案件 ${c.caseRef}`,
        text: `您好：\n\n您申请注册的公众账号「${c.accountName}」仍在审核中${by ? `，预计 ${by} 前完成` : ''}。\n` + FOOTER(c),
      };
  }
}
