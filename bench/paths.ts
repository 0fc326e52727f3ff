import { parsePolicy, type Policy } from '../policy/policy';
import type { ServiceDeps } from '../services/deps';
import {
  confirmNameCorrectionTermination,
  extendNameCorrectionDeadline,
  getNameCorrection,
  proposeNameCorrectionTermination,
  refuseNameCorrection,
  reviewNameCorrection,
  submitNameCorrection,
  withdrawNameCorrection,
} from '../services/name-correction';
import {
  confirmTransferTermination,
  decideTransferReport,
  proposeTransferTermination,
  reportUnauthorisedTransfer,
  respondToTransferReport,
} from '../services/unauthorised-transfer';
import { applyVoluntaryClosure, cancelAccountClosure, resumeAccount } from '../services/voluntary-closure';
import { PLATFORM, REVIEWER, SECOND_SUPERVISOR, SUPERVISOR } from './principals';

/**
 * Cases whose path the operators decide run under the default policy (7 days: no timer fires while the
 * benchmark acts). The deadline path runs under a policy shortened to minutes, with the default's two
 * reminders: 3-minute window, reminders 2 and 1 minutes before the deadline (policy durations are whole
 * minutes).
 */
export const DEFAULT_POLICY = parsePolicy({});
/** As a POLICY_FILE: the policy belongs to the worker, so the deadline path runs on a worker of its own. */
export const SHORT_POLICY_FILE = {
  version: 'bench-short-deadlines',
  nameCorrection: { window: '3 minutes', remindBefore: ['2 minutes', '1 minute'], maxExtension: '1 day' },
};
export const SHORT_POLICY = parsePolicy(SHORT_POLICY_FILE);

export type PathName =
  | 'restored'
  | 'rejected-then-approved'
  | 'deadline'
  | 'refused'
  | 'withdrawn'
  | 'extended-then-approved'
  | 'ut-restored'
  | 'ut-terminated'
  | 'vc-cancelled'
  | 'vc-resumed';

export interface CasePath {
  name: PathName;
  what: string;
  policy: Policy;
  outcome: string;
  /** The process (name correction unless said) and how a case of it opens for `accountId`. */
  kind?: string;
  open?(deps: ServiceDeps, accountId: string): Promise<unknown>;
  /** The platform and operators acting on the open case `accountId` (the benchmark's i-th of this path). */
  act(deps: ServiceDeps, accountId: string, i: number): Promise<void>;
}

const submit = (deps: ServiceDeps, accountId: string, name: string) => submitNameCorrection(deps, PLATFORM, accountId, { profile: { name } });
const review = (deps: ServiceDeps, accountId: string, submissionNo: number, decision: 'approve' | 'reject') =>
  reviewNameCorrection(deps, REVIEWER, accountId, { reason: decision === 'approve' ? '名称合规' : '与实名主体不符', submissionNo, decision });

/** Four eyes: a reviewer proposes terminating service, a second supervisor confirms. */
const terminate = async (deps: ServiceDeps, accountId: string) => {
  await proposeNameCorrectionTermination(deps, REVIEWER, accountId, { reason: '逾期未改正' });
  await confirmNameCorrectionTermination(deps, SECOND_SUPERVISOR, accountId, { proposalNo: 1, reason: '复核同意' });
};

export const PATHS: CasePath[] = [
  {
    name: 'restored',
    what: 'submit, approve',
    policy: DEFAULT_POLICY,
    outcome: 'restored',
    async act(deps, id, i) {
      await submit(deps, id, `老张说事${i}`);
      await review(deps, id, 1, 'approve');
    },
  },
  {
    name: 'rejected-then-approved',
    what: 'submit, reject, submit, approve',
    policy: DEFAULT_POLICY,
    outcome: 'restored',
    async act(deps, id, i) {
      await submit(deps, id, `老张说事${i}`);
      await review(deps, id, 1, 'reject');
      await submit(deps, id, `老张杂谈${i}`);
      await review(deps, id, 2, 'approve');
    },
  },
  {
    name: 'deadline',
    what: 'no action: 2 reminders, terminated at the deadline (3-minute window)',
    policy: SHORT_POLICY,
    outcome: 'terminated',
    async act(deps, id) {
      // Four eyes: once the deadline has passed, one operator proposes the termination and a second confirms it.
      while ((await getNameCorrection(deps, id)).stage !== 'termination_due') await new Promise((r) => setTimeout(r, 1_000));
      await terminate(deps, id);
    },
  },
  {
    name: 'refused',
    what: 'the account holder refuses: terminated',
    policy: DEFAULT_POLICY,
    outcome: 'terminated',
    async act(deps, id) {
      await refuseNameCorrection(deps, PLATFORM, id, { statement: '不改' });
      await terminate(deps, id);
    },
  },
  {
    name: 'withdrawn',
    what: 'a supervisor withdraws: restored',
    policy: DEFAULT_POLICY,
    outcome: 'withdrawn',
    async act(deps, id) {
      await withdrawNameCorrection(deps, SUPERVISOR, id, { reason: '误判' });
    },
  },
  {
    name: 'extended-then-approved',
    what: 'extend the deadline, submit, approve',
    policy: DEFAULT_POLICY,
    outcome: 'restored',
    async act(deps, id, i) {
      // Later than the case's deadline (opened before now), within one extension.
      const newDeadline = new Date(Date.now() + DEFAULT_POLICY.nameCorrection.window + 3_600_000).toISOString();
      await extendNameCorrectionDeadline(deps, SUPERVISOR, id, { reason: '用户申请延期', newDeadline });
      await submit(deps, id, `老张说事${i}`);
      await review(deps, id, 1, 'approve');
    },
  },
  // Art. 11 ¶2: reported, the holder answers, a reviewer decides.
  {
    name: 'ut-restored',
    what: 'unauthorised transfer: report, the holder answers, restore',
    policy: DEFAULT_POLICY,
    outcome: 'restored',
    kind: 'unauthorised-transfer',
    open: (deps, id) => reportUnauthorisedTransfer(deps, PLATFORM, { accountId: id, evidence: TRANSFER_REPORT }),
    async act(deps, id) {
      await respondToTransferReport(deps, PLATFORM, id, { statement: '账号未转让' });
      await decideTransferReport(deps, REVIEWER, id, { decision: 'restore', reason: '核实为本人' });
    },
  },
  {
    name: 'ut-terminated',
    what: 'unauthorised transfer: report, the holder answers, decide to terminate, propose, confirm',
    policy: DEFAULT_POLICY,
    outcome: 'terminated',
    kind: 'unauthorised-transfer',
    open: (deps, id) => reportUnauthorisedTransfer(deps, PLATFORM, { accountId: id, evidence: TRANSFER_REPORT }),
    async act(deps, id) {
      await respondToTransferReport(deps, PLATFORM, id, { statement: '已转给朋友' });
      await decideTransferReport(deps, SUPERVISOR, id, { decision: 'terminate', reason: '持有人承认转让' });
      await proposeTransferTermination(deps, REVIEWER, id, { reason: '擅自转让' });
      await confirmTransferTermination(deps, SECOND_SUPERVISOR, id, { proposalNo: 1, reason: '复核同意' });
    },
  },
  // Art. 11 ¶3: the holder's own closure, cancelled in the freeze; their own suspension, resumed.
  {
    name: 'vc-cancelled',
    what: 'voluntary closure: apply to close, cancel during the freeze',
    policy: DEFAULT_POLICY,
    outcome: 'cancelled',
    kind: 'voluntary-closure',
    open: (deps, id) => applyVoluntaryClosure(deps, PLATFORM, { accountId: id, holderSubjectId: `subj-${id}`, request: 'close', followers: 500 }),
    async act(deps, id) {
      await cancelAccountClosure(deps, PLATFORM, id, {});
    },
  },
  {
    name: 'vc-resumed',
    what: 'voluntary suspension: apply to suspend, resume',
    policy: DEFAULT_POLICY,
    outcome: 'resumed',
    kind: 'voluntary-closure',
    open: (deps, id) => applyVoluntaryClosure(deps, PLATFORM, { accountId: id, holderSubjectId: `subj-${id}`, request: 'suspend', followers: 500 }),
    async act(deps, id) {
      await resumeAccount(deps, PLATFORM, id, {});
    },
  },
];

/** What the unauthorised-transfer paths report: structured, no personal data. */
const TRANSFER_REPORT = { signals: ['sale_listing' as const], observedAt: '2026-11-30T09:00:00+08:00', detail: '账号在交易平台挂牌出售' };
