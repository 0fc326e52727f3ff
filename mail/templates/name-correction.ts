import { formatDeadline } from '../format';
import type { Finding } from '../../schemas/name-correction';

// Mail owns these types and the workflow imports them, never the other way round: activities and mail
// are bundled with no workflow code.

/** The notices a name-correction case sends. */
export type NameCorrectionNoticeKind =
  | 'opened'
  | 'reminder'
  | 'correction_rejected'
  | 'deadline_extended'
  | 'restored'
  | 'terminated'
  | 'withdrawn';

export const NAME_CORRECTION_NOTICE_KINDS: readonly NameCorrectionNoticeKind[] = [
  'opened',
  'reminder',
  'correction_rejected',
  'deadline_extended',
  'restored',
  'terminated',
  'withdrawn',
];

/** Why a name-correction case closed. */
export type NameCorrectionClosureCause = 'approved' | 'refused' | 'deadline_passed' | 'withdrawn';

/** What the workflow sends along with a notice (`context` of the notice input). */
export interface NameCorrectionNoticeContext {
  findings?: Finding[];
  reason?: string;
  previousDeadline?: string;
  submissionNo?: number;
  cause?: NameCorrectionClosureCause;
}

/** What the template renders from: the workflow's context plus what the activity adds. */
export interface NameCorrectionRenderInput extends NameCorrectionNoticeContext {
  caseRef: string;
  accountName: string;
  deadline: string;
}

const FIELD = { name: '账号名称', avatar: '头像', bio: '简介' } as const;
const GROUND = {
  identity_mismatch: '与真实身份信息不符',
  implies_party_or_state_body: '使用或者附带党政机关名称、标识，或足以使人误解',
  implies_enterprise_or_institution: '使用或者附带企事业单位名称，或足以使人误解',
  implies_well_known_person: '使用或者附带知名人物姓名，或足以使人误解',
  unlawful_content: '含有违法和不良信息',
} as const;

const FOOTER = (c: NameCorrectionRenderInput) =>
  `\n案件编号：${c.caseRef}\n依据：《互联网用户公众账号信息服务管理规定》第八条\n\n（Case reference ${c.caseRef}. This notice is about your public account "${c.accountName}".）\n`;

/** zh-CN notices of a name-correction case: subject and plain text, each naming the case and the deadline. */
export function renderNameCorrectionNotice(
  kind: NameCorrectionNoticeKind,
  c: NameCorrectionRenderInput,
): { subject: string; text: string } {
  const deadline = formatDeadline(c.deadline);
  const findings = (c.findings ?? []).map((f) => `  - ${FIELD[f.field]}：${GROUND[f.ground]}（${f.detail}）`).join('\n');
  switch (kind) {
    case 'opened':
      return {
        subject: `【限期改正】您的公众账号「${c.accountName}」信息不合规 — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n您的公众账号「${c.accountName}」的注册信息未通过合规核验：\n${findings}\n\n` +
          `依据规定，我们已暂停该账号的信息更新发布服务。请于 ${deadline} 前提交改正后的账号信息。` +
          `逾期未改正或者拒不改正的，将终止提供服务，且该名称将被永久保留、不得再次注册。\n` + FOOTER(c),
      };
    case 'reminder':
      return {
        subject: `【提醒】账号「${c.accountName}」改正期限将至 — 截止 ${deadline} — 案件 ${c.caseRef}`,
        text: `您好：\n\n您的公众账号「${c.accountName}」的改正期限为 ${deadline}，目前尚未有通过审核的改正。请尽快提交。\n` + FOOTER(c),
      };
    case 'correction_rejected':
      return {
        subject: `【未通过】账号「${c.accountName}」第 ${c.submissionNo} 次改正未通过 — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n您提交的第 ${c.submissionNo} 次改正未通过审核。原因：${c.reason ?? ''}\n\n` +
          `请在 ${deadline} 前重新提交。\n` + FOOTER(c),
      };
    case 'deadline_extended':
      return {
        subject: `【期限延长】账号「${c.accountName}」改正期限延长至 ${deadline} — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n您的公众账号「${c.accountName}」的改正期限已由 ${formatDeadline(c.previousDeadline ?? c.deadline)} 延长至 ${deadline}。` +
          `原因：${c.reason ?? ''}\n` + FOOTER(c),
      };
    case 'restored':
      return {
        subject: `【已恢复】账号「${c.accountName}」改正通过，服务已恢复 — 案件 ${c.caseRef}`,
        text: `您好：\n\n您提交的改正已审核通过，新的账号信息已生效，账号服务已恢复。\n` + FOOTER(c),
      };
    case 'withdrawn':
      return {
        subject: `【已撤销】账号「${c.accountName}」的改正要求已撤销 — 案件 ${c.caseRef}`,
        text: `您好：\n\n经复核，对您账号的改正要求已撤销，账号服务已恢复。给您带来不便，敬请谅解。原因：${c.reason ?? ''}\n` + FOOTER(c),
      };
    case 'terminated':
      return {
        subject: `【终止服务】账号「${c.accountName}」已终止服务 — 案件 ${c.caseRef}`,
        text:
          `您好：\n\n因${c.cause === 'refused' ? '您拒绝改正' : '未在期限内完成改正'}（改正期限：${deadline}），依据规定已终止对该账号提供服务。` +
          `名称「${c.accountName}」已被永久保留，不得再次注册。\n` + FOOTER(c),
      };
  }
}
