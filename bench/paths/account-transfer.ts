import type { IdentityClaimInput } from '../../schemas/identity';
import {
  accountTransferApi,
  confirmAccountTransferApproval,
  confirmTransferAsHolder,
  confirmTransferAsReceiver,
  openAccountTransfer,
  reviewAccountTransfer,
  withdrawAccountTransfer,
} from '../../services/account-transfer';
import { PLATFORM, REVIEWER, SUPERVISOR } from '../principals';
import { seedAccounts } from '../stack';
import { knownIndividual } from './identities';
import { waitForCase, type BenchDeps, type CasePath, type ProcessPaths } from './types';

/** The receiving side of each seeded account's transfer: its identity is in the real-name register. */
const receivers = new Map<string, IdentityClaimInput>();

/**
 * Accounts of a general category with a plain name (nothing for the check to ask about), and for each a
 * receiving individual the register knows: the check finds the receiver eligible.
 */
async function seed(...[stack, prefix, n]: Parameters<NonNullable<CasePath['seed']>>): Promise<string[]> {
  const ids = await seedAccounts(stack.db, prefix, n, '老张说事');
  for (const id of ids) receivers.set(id, await knownIndividual(stack, '王接收'));
  return ids;
}

const open = async (deps: BenchDeps, accountId: string) => {
  await openAccountTransfer(deps, PLATFORM, {
    accountId,
    holderSubjectId: `subj-${accountId}`,
    receiver: { subject: { id: `rcv-${accountId}`, kind: 'individual', displayName: '王接收' }, identity: receivers.get(accountId)!, contactEmail: `rcv-${accountId}@users.example` },
    reason: '账号转让给合作方',
  });
};

/** The receiving side's check (an activity) has found it eligible: the parties may confirm. */
const checked = (deps: BenchDeps, id: string) => waitForCase(deps, accountTransferApi, id, (c) => c.stage === 'awaiting_confirmations');

/** Both parties confirm, through the platform service acting for each, once the check allows. */
const confirmBoth = async (deps: BenchDeps, id: string) => {
  await checked(deps, id);
  await confirmTransferAsHolder(deps, PLATFORM, id, {});
  await confirmTransferAsReceiver(deps, PLATFORM, id, {});
};

const path = (p: Omit<CasePath, 'process' | 'open' | 'seed'>): CasePath => ({ process: accountTransferApi, seed, open, ...p });

/**
 * Account transfer (Art. 11 ¶2). Paths the parties and operators decide run under the default policy
 * (15 days to confirm); the completed path under the short policy for its notice period, the lapsed one
 * for its confirmation window: 3 minutes to confirm or supply materials, reminders 2 and 1 minutes
 * before, 1 minute's notice.
 */
export const ACCOUNT_TRANSFER_PATHS: ProcessPaths = {
  process: accountTransferApi,
  shortPolicy: {
    accountTransfer: { window: '3 minutes', materialsWindow: '3 minutes', noticePeriod: '1 minute', remindBefore: ['2 minutes', '1 minute'], maxExtension: '1 day' },
  },
  paths: [
    path({
      name: 'rejected',
      what: 'both confirm, the reviewer rejects',
      policy: 'default',
      outcome: 'rejected',
      async act(deps, id) {
        await confirmBoth(deps, id);
        await reviewAccountTransfer(deps, REVIEWER, id, { decision: 'reject', reason: '接收方运营能力存疑' });
      },
    }),
    path({
      name: 'completed',
      what: 'both confirm, a reviewer approves, a supervisor confirms, 1-minute notice period, subject changed',
      policy: 'short',
      outcome: 'completed',
      async act(deps, id) {
        await confirmBoth(deps, id);
        // Four eyes: the change of subject can't be undone.
        await reviewAccountTransfer(deps, REVIEWER, id, { decision: 'approve', reason: '接收方核验通过' });
        await confirmAccountTransferApproval(deps, SUPERVISOR, id, { decision: 'confirm', reason: '复核同意' });
      },
    }),
    path({
      name: 'withdrawn',
      what: 'both confirm, the holder withdraws under review',
      policy: 'default',
      outcome: 'withdrawn',
      async act(deps, id) {
        await confirmBoth(deps, id);
        await withdrawAccountTransfer(deps, PLATFORM, id, { reason: '不再转让' });
      },
    }),
    path({
      name: 'lapsed',
      what: 'the holder confirms, the receiver never does: 2 reminders, lapsed (3-minute window)',
      policy: 'short',
      outcome: 'lapsed',
      async act(deps, id) {
        await checked(deps, id);
        await confirmTransferAsHolder(deps, PLATFORM, id, {});
      },
    }),
  ],
};
