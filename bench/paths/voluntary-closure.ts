import { applyVoluntaryClosure, cancelAccountClosure, resumeAccount, voluntaryClosureApi } from '../../services/voluntary-closure';
import { PLATFORM } from '../principals';
import type { BenchDeps, CasePath, ProcessPaths } from './types';

/** The holder (the seeded account's own subject) applies to close it, through the platform service. */
const open = async (deps: BenchDeps, accountId: string) => {
  await applyVoluntaryClosure(deps, PLATFORM, { accountId, holderSubjectId: `subj-${accountId}`, request: 'close', followers: 1_200, reason: '不再运营' });
};

const path = (p: Omit<CasePath, 'process' | 'open'>): CasePath => ({ process: voluntaryClosureApi, open, ...p });

/** The holder applies to suspend the account (no end date: until they resume, or the policy's longest). */
const suspend = async (deps: BenchDeps, accountId: string) => {
  await applyVoluntaryClosure(deps, PLATFORM, { accountId, holderSubjectId: `subj-${accountId}`, request: 'suspend', followers: 1_200, reason: '暂停更新' });
};

/**
 * Voluntary suspension or closure (Art. 11 ¶3), on the holder's application. The cancelled and resumed
 * paths under the default policy (7 days' freeze for its followers); the closed path under the short
 * policy: a 2-minute freeze with a reminder 1 minute before its end.
 */
export const VOLUNTARY_CLOSURE_PATHS: ProcessPaths = {
  process: voluntaryClosureApi,
  shortPolicy: { voluntaryClosure: { window: '10 minutes', remindBefore: ['1 minute'], maxExtension: '1 day', freeze: [{ period: '2 minutes' }] } },
  paths: [
    path({
      name: 'cancelled',
      what: 'the holder cancels during the freeze',
      policy: 'default',
      outcome: 'cancelled',
      async act(deps, id) {
        await cancelAccountClosure(deps, PLATFORM, id, { reason: '改变主意' });
      },
    }),
    {
      process: voluntaryClosureApi,
      name: 'resumed',
      what: 'the holder suspends the account, then resumes it',
      policy: 'default',
      outcome: 'resumed',
      open: suspend,
      async act(deps, id) {
        await resumeAccount(deps, PLATFORM, id, {});
      },
    },
    path({
      name: 'closed',
      what: 'no action: a reminder, closed and its name reserved at the end of the freeze (2 minutes)',
      policy: 'short',
      outcome: 'closed',
      async act() {
        // Nothing to do: the freeze runs out.
      },
    }),
  ],
};
