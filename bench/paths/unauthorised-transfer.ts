import {
  confirmTransferTermination,
  decideTransferReport,
  proposeTransferTermination,
  reportUnauthorisedTransfer,
  respondToTransferReport,
  unauthorisedTransferApi,
} from '../../services/unauthorised-transfer';
import { PLATFORM, REVIEWER, SECOND_SUPERVISOR } from '../principals';
import type { BenchDeps, CasePath, ProcessPaths } from './types';

/** What the platform saw: structured signals, no personal data. */
const open = async (deps: BenchDeps, accountId: string) => {
  await reportUnauthorisedTransfer(deps, PLATFORM, {
    accountId,
    evidence: { signals: ['login_from_new_subject', 'sale_listing'], observedAt: new Date().toISOString(), detail: '账号在交易平台挂牌出售，随后由新设备登录' },
  });
};

/** The holder answers the report through the platform service. */
const respond = (deps: BenchDeps, id: string) => respondToTransferReport(deps, PLATFORM, id, { statement: '账号未转让，系本人更换设备' });

const path = (p: Omit<CasePath, 'process' | 'open'>): CasePath => ({ process: unauthorisedTransferApi, open, ...p });

/** Unauthorised transfer (Art. 11 ¶2): service suspended on the report, then restored or terminated. Default policy (7 days to answer). */
export const UNAUTHORISED_TRANSFER_PATHS: ProcessPaths = {
  process: unauthorisedTransferApi,
  paths: [
    path({
      name: 'restored',
      what: 'the holder answers, a reviewer restores service',
      policy: 'default',
      outcome: 'restored',
      async act(deps, id) {
        await respond(deps, id);
        await decideTransferReport(deps, REVIEWER, id, { decision: 'restore', reason: '持有人说明可信，未发现转让' });
      },
    }),
    path({
      name: 'terminated',
      what: 'the holder answers, a reviewer decides to terminate, proposes it, a second supervisor confirms',
      policy: 'default',
      outcome: 'terminated',
      async act(deps, id) {
        await respond(deps, id);
        await decideTransferReport(deps, REVIEWER, id, { decision: 'terminate', reason: '确认账号已私下出售' });
        // Four eyes: the reviewer who decided may propose; a second supervisor confirms.
        await proposeTransferTermination(deps, REVIEWER, id, { reason: '未经批准转让账号' });
        await confirmTransferTermination(deps, SECOND_SUPERVISOR, id, { proposalNo: 1, reason: '复核同意' });
      },
    }),
  ],
};
