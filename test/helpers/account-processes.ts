import type { Client } from '@temporalio/client';
import type { SmtpSink } from '../../mail/sink';
import type { TransferEvidence } from '../../schemas/unauthorised-transfer';
import type { ServiceDeps } from '../../services/deps';
import {
  confirmTransferTermination,
  decideTransferReport,
  getUnauthorisedTransfer,
  proposeTransferTermination,
  rejectTransferTermination,
  reportUnauthorisedTransfer,
  respondToTransferReport,
  withdrawTransferReport,
} from '../../services/unauthorised-transfer';
import {
  applyVoluntaryClosure,
  cancelAccountClosure,
  getVoluntaryClosure,
  resumeAccount,
  stopAccountClosure,
} from '../../services/voluntary-closure';
import type { Db } from '../../store/db';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
import { recordHistory } from './record-history';
import { until } from './wait';
import { principal, PLATFORM } from './principals';

/** What a platform service reports: structured, no personal data. */
export const TRANSFER_EVIDENCE: TransferEvidence = {
  signals: ['login_from_new_subject', 'sale_listing'],
  observedAt: '2026-11-30T09:00:00+08:00',
  listingUrl: 'https://market.example/listing/8812',
  detail: '账号在二手交易平台挂牌出售，随后出现由另一实名主体设备的登录',
};

/** Shared by both drivers: a case's handle, result (recorded for replay), records and mails. */
function caseTools(stack: { client: Client; db: Db; sink?: SmtpSink }, kind: string) {
  const handle = (accountId: string) => stack.client.workflow.getHandle(caseWorkflowId(kind, accountId));
  return {
    handle,
    /** The case's result; with RECORD_HISTORIES=1 its history is saved for the replay test as `<kind>.<path>`. */
    async result<R>(accountId: string, path?: string): Promise<R> {
      const out = (await handle(accountId).result()) as R;
      if (path) await recordHistory(stack.client, handle(accountId).workflowId, `${kind}.${path}`);
      return out;
    },
    /**
     * Until the case's first notice has gone out: it then waits for its party. Asks the case itself,
     * which answers 'opening' (no events) until a worker has picked it up (a worker still starting).
     */
    noticed: (accountId: string) =>
      until(async () => (await handle(accountId).query<{ events: { type: string }[] }>('getCase')).events.some((e) => e.type === 'notice_sent'), 90_000).then(() => undefined),
    /** "action:actor" of each record of the case, in order. */
    records: async (caseRef: string) => (await listRecords(stack.db, { caseRef })).map((r) => `${r.action}:${r.actor}`),
    /** The notices e-mailed to an address, in order. */
    messages: (email: string) => (stack.sink?.messages() ?? []).filter((m) => m.to.includes(email)),
    mails: (email: string) => (stack.sink?.messages() ?? []).filter((m) => m.to.includes(email)).map((m) => m.headers['x-notice-kind']),
  };
}

/** Drives unauthorised-transfer cases through the real services, as the platform and operators would. */
export function unauthorisedTransferDriver(stack: { deps: ServiceDeps; client: Client; db: Db; sink?: SmtpSink }) {
  const { deps } = stack;
  return {
    ...caseTools(stack, 'unauthorised-transfer'),
    report: (accountId: string, openedBy = PLATFORM.id) => reportUnauthorisedTransfer(deps, principal(openedBy), { accountId, evidence: TRANSFER_EVIDENCE }),
    state: (accountId: string) => getUnauthorisedTransfer(deps, accountId),
    respond: (accountId: string, statement = '账号未转让，是本人更换了手机') => respondToTransferReport(deps, PLATFORM, accountId, { statement }),
    decide: (accountId: string, decision: 'restore' | 'terminate', operatorId = 'reviewer-li', reason = '核实完毕') =>
      decideTransferReport(deps, principal(operatorId), accountId, { decision, reason }),
    withdraw: (accountId: string, reason = '经核实为误报', operatorId = 'supervisor-wang') => withdrawTransferReport(deps, principal(operatorId), accountId, { reason }),
    propose: (accountId: string, operatorId = 'reviewer-li', reason = '确认擅自转让，建议终止服务') => proposeTransferTermination(deps, principal(operatorId), accountId, { reason }),
    confirm: (accountId: string, proposalNo = 1, operatorId = 'supervisor-wang', reason = '复核无误，同意终止') =>
      confirmTransferTermination(deps, principal(operatorId), accountId, { proposalNo, reason }),
    rejectTermination: (accountId: string, proposalNo: number, reason: string, operatorId = 'supervisor-wang') =>
      rejectTransferTermination(deps, principal(operatorId), accountId, { proposalNo, reason }),
  };
}

/** Drives voluntary suspensions and closures through the real services. */
export function voluntaryClosureDriver(stack: { deps: ServiceDeps; client: Client; db: Db; sink?: SmtpSink }) {
  const { deps } = stack;
  return {
    ...caseTools(stack, 'voluntary-closure'),
    /** The holder applies through the platform; seedAccount's subject is `subj-<accountId>`. */
    apply: (accountId: string, o: { request: 'suspend' | 'close'; followers?: number; until?: string; reason?: string; holderSubjectId?: string }) =>
      applyVoluntaryClosure(deps, PLATFORM, {
        accountId,
        holderSubjectId: o.holderSubjectId ?? `subj-${accountId}`,
        request: o.request,
        followers: o.followers ?? 1200,
        ...(o.until ? { until: o.until } : {}),
        ...(o.reason ? { reason: o.reason } : {}),
      }),
    state: (accountId: string) => getVoluntaryClosure(deps, accountId),
    resume: (accountId: string) => resumeAccount(deps, PLATFORM, accountId, {}),
    cancel: (accountId: string, reason?: string) => cancelAccountClosure(deps, PLATFORM, accountId, reason ? { reason } : {}),
    stop: (accountId: string, reason = '司法机关要求保全账号', operatorId = 'supervisor-wang') => stopAccountClosure(deps, principal(operatorId), accountId, { reason }),
  };
}
