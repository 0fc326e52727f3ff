import type { Client } from '@temporalio/client';
import type { SmtpSink } from '../../mail/sink';
import type { ServiceDeps } from '../../services/deps';
import {
  confirmNameCorrectionTermination,
  extendNameCorrectionDeadline,
  getNameCorrection,
  openNameCorrection,
  proposeNameCorrectionTermination,
  refuseNameCorrection,
  rejectNameCorrectionTermination,
  reviewNameCorrection,
  submitNameCorrection,
  withdrawNameCorrection,
} from '../../services/name-correction';
import type { ActionOptions } from '../../services/case/handle';
import type { ProposedProfile } from '../../schemas/name-correction';
import type { Db } from '../../store/db';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
import { getCase } from '../../workflows/name-correction/messages';
import type { NameCorrectionResult } from '../../workflows/name-correction/workflow';
import { recordHistory } from './record-history';
import { until } from './wait';
import { principal, PLATFORM } from './principals';
import { seedOperators, startStack, type Stack } from './stack';

export const FINDING = {
  field: 'name',
  ground: 'implies_party_or_state_body',
  detail: '名称含有「国务院」，足以使人误解为国家机关账号',
} as const;

/**
 * Drives name-correction cases through the real services, as the platform and the operators would:
 * one place for how a test opens a case, acts on it and reads what came of it.
 */
export function nameCorrectionDriver(stack: { deps: ServiceDeps; client: Client; db: Db; sink?: SmtpSink }) {
  const { deps } = stack;
  const handle = (accountId: string) => stack.client.workflow.getHandle(caseWorkflowId('name-correction', accountId));
  return {
    handle,
    open: (accountId: string, openedBy = PLATFORM.id) => openNameCorrection(deps, principal(openedBy), { accountId, findings: [FINDING] }),
    state: (accountId: string) => getNameCorrection(deps, accountId),
    submit: (accountId: string, profile: ProposedProfile, opts?: ActionOptions) => submitNameCorrection(deps, PLATFORM, accountId, { profile }, opts),
    refuse: (accountId: string, statement?: string) => refuseNameCorrection(deps, PLATFORM, accountId, statement === undefined ? {} : { statement }),
    approve: (accountId: string, submissionNo = 1, operatorId = 'reviewer-li', reason = '合规') =>
      reviewNameCorrection(deps, principal(operatorId), accountId, { reason, submissionNo, decision: 'approve' }),
    reject: (accountId: string, submissionNo: number, reason: string, operatorId = 'reviewer-li') =>
      reviewNameCorrection(deps, principal(operatorId), accountId, { reason, submissionNo, decision: 'reject' }),
    extend: (accountId: string, newDeadline: string, reason = '用户申请延期', operatorId = 'supervisor-wang') =>
      extendNameCorrectionDeadline(deps, principal(operatorId), accountId, { reason, newDeadline }),
    withdraw: (accountId: string, reason = '测试结束', operatorId = 'supervisor-wang') => withdrawNameCorrection(deps, principal(operatorId), accountId, { reason }),
    /** Four eyes: one operator proposes terminating service, a second supervisor confirms or rejects. */
    propose: (accountId: string, operatorId = 'reviewer-li', reason = '逾期未改正，建议终止服务') =>
      proposeNameCorrectionTermination(deps, principal(operatorId), accountId, { reason }),
    confirm: (accountId: string, proposalNo = 1, operatorId = 'supervisor-wang', reason = '复核无误，同意终止') =>
      confirmNameCorrectionTermination(deps, principal(operatorId), accountId, { proposalNo, reason }),
    rejectTermination: (accountId: string, proposalNo: number, reason: string, operatorId = 'supervisor-wang') =>
      rejectNameCorrectionTermination(deps, principal(operatorId), accountId, { proposalNo, reason }),
    /** The case's result; with RECORD_HISTORIES=1 its history is saved for the replay test under `name`. */
    async result(accountId: string, name?: string): Promise<NameCorrectionResult> {
      const out = (await handle(accountId).result()) as NameCorrectionResult;
      if (name) await recordHistory(stack.client, handle(accountId).workflowId, name);
      return out;
    },
    /**
     * Until the opening notice has gone out (or failed for good): the case waits for the account holder.
     * Asks the case itself, which answers 'opening' until a worker has picked it up (workers that are
     * starting, or killed, in the fault tests).
     */
    noticed: (accountId: string) =>
      until(async () => (await handle(accountId).query(getCase)).events.some((e) => e.type === 'notice_sent' || e.type === 'notice_failed'), 90_000),
    /** "action:actor" of each record of the case, in order. */
    records: async (caseRef: string) => (await listRecords(stack.db, { caseRef })).map((r) => `${r.action}:${r.actor}`),
    /** The kinds of notice e-mailed to an address, in order. */
    mails: (email: string) => (stack.sink?.messages() ?? []).filter((m) => m.to.includes(email)).map((m) => m.headers['x-notice-kind']),
  };
}
export type NameCorrectionDriver = ReturnType<typeof nameCorrectionDriver>;

/**
 * A test file's name-correction stack: real Temporal (the run's dev server), a store, an SMTP sink, the
 * two roster operators and a worker, started before the file's tests and stopped after them.
 */
export function nameCorrectionStack(opts: Parameters<typeof startStack>[0] = {}): { stack: Stack; nc: NameCorrectionDriver } {
  const ctx = {} as { stack: Stack; nc: NameCorrectionDriver };
  beforeAll(async () => {
    ctx.stack = await startStack(opts);
    await seedOperators(ctx.stack.db);
    await ctx.stack.startWorker();
    ctx.nc = nameCorrectionDriver(ctx.stack);
  });
  afterAll(() => ctx.stack?.stop());
  return ctx;
}
