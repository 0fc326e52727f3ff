import type { BenchDeps } from './types';
import {
  confirmNameCorrectionTermination,
  extendNameCorrectionDeadline,
  nameCorrectionApi,
  openNameCorrection,
  proposeNameCorrectionTermination,
  refuseNameCorrection,
  reviewNameCorrection,
  submitNameCorrection,
  withdrawNameCorrection,
} from '../../services/name-correction';
import { PLATFORM, REVIEWER, SECOND_SUPERVISOR, SUPERVISOR } from '../principals';
import { DEFAULT_POLICY } from './policies';
import { waitForCase, type CasePath, type ProcessPaths } from './types';

/** What the platform's name check found: the seeded accounts are named "国务院观察<i>" (bench/stack.ts). */
export const FINDING = { field: 'name', ground: 'implies_party_or_state_body', detail: '名称含有「国务院」，足以使人误解为国家机关账号' } as const;

const open = async (deps: BenchDeps, accountId: string) => {
  await openNameCorrection(deps, PLATFORM, { accountId, findings: [FINDING] });
};
const submit = (deps: BenchDeps, accountId: string, name: string) => submitNameCorrection(deps, PLATFORM, accountId, { profile: { name } });
const review = (deps: BenchDeps, accountId: string, submissionNo: number, decision: 'approve' | 'reject') =>
  reviewNameCorrection(deps, REVIEWER, accountId, { reason: decision === 'approve' ? '名称合规' : '与实名主体不符', submissionNo, decision });

/** Four eyes: a reviewer proposes terminating service, a second supervisor confirms. */
const terminate = async (deps: BenchDeps, accountId: string) => {
  await proposeNameCorrectionTermination(deps, REVIEWER, accountId, { reason: '逾期未改正' });
  await confirmNameCorrectionTermination(deps, SECOND_SUPERVISOR, accountId, { proposalNo: 1, reason: '复核同意' });
};

const path = (p: Omit<CasePath, 'process' | 'open'>): CasePath => ({ process: nameCorrectionApi, open, ...p });

const deadline: CasePath = path({
  name: 'deadline',
  what: 'no action: 2 reminders, terminated at the deadline (3-minute window)',
  policy: 'short',
  outcome: 'terminated',
  async act(deps, id) {
    // Four eyes: once the deadline has passed, one operator proposes the termination and a second confirms it.
    await waitForCase(deps, nameCorrectionApi, id, (c) => c.stage === 'termination_due');
    await terminate(deps, id);
  },
});

/**
 * Name correction (Art. 8 ¶2). Paths the operators decide run under the default policy; the deadline
 * path under a 3-minute window with the default's two reminders, 2 and 1 minutes before it (policy
 * durations are whole minutes).
 */
export const NAME_CORRECTION_PATHS: ProcessPaths = {
  process: nameCorrectionApi,
  shortPolicy: { nameCorrection: { window: '3 minutes', remindBefore: ['2 minutes', '1 minute'], maxExtension: '1 day' } },
  paths: [
    path({
      name: 'restored',
      what: 'submit, approve',
      policy: 'default',
      outcome: 'restored',
      async act(deps, id, i) {
        await submit(deps, id, `老张说事${i}`);
        await review(deps, id, 1, 'approve');
      },
    }),
    path({
      name: 'rejected-then-approved',
      what: 'submit, reject, submit, approve',
      policy: 'default',
      outcome: 'restored',
      async act(deps, id, i) {
        await submit(deps, id, `老张说事${i}`);
        await review(deps, id, 1, 'reject');
        await submit(deps, id, `老张杂谈${i}`);
        await review(deps, id, 2, 'approve');
      },
    }),
    deadline,
    path({
      name: 'refused',
      what: 'the account holder refuses: terminated',
      policy: 'default',
      outcome: 'terminated',
      async act(deps, id) {
        await refuseNameCorrection(deps, PLATFORM, id, { statement: '不改' });
        await terminate(deps, id);
      },
    }),
    path({
      name: 'withdrawn',
      what: 'a supervisor withdraws: restored',
      policy: 'default',
      outcome: 'withdrawn',
      async act(deps, id) {
        await withdrawNameCorrection(deps, SUPERVISOR, id, { reason: '误判' });
      },
    }),
    path({
      name: 'extended-then-approved',
      what: 'extend the deadline, submit, approve',
      policy: 'default',
      outcome: 'restored',
      async act(deps, id, i) {
        // Later than the case's deadline (opened before now), within one extension.
        const newDeadline = new Date(Date.now() + DEFAULT_POLICY.nameCorrection.window + 3_600_000).toISOString();
        await extendNameCorrectionDeadline(deps, SUPERVISOR, id, { reason: '用户申请延期', newDeadline });
        await submit(deps, id, `老张说事${i}`);
        await review(deps, id, 1, 'approve');
      },
    }),
  ],
};
