import type { Principal } from '../rules/roles';
import { ConfirmTerminationSchema, ProposeTerminationSchema, RejectTerminationSchema } from '../schemas/case-actions';
import { DecideReportSchema, OpenUnauthorisedTransferSchema, RespondSchema, WithdrawReportSchema } from '../schemas/unauthorised-transfer';
import {
  confirmTermination,
  decideReport,
  getCase,
  proposeTermination,
  rejectTermination,
  respond,
  UNAUTHORISED_TRANSFER,
  withdrawReport,
} from '../workflows/unauthorised-transfer/messages';
import { readCase, sendAction, type ActionOptions } from './case/handle';
import { openCase } from './case/open';
import type { ProcessApi } from './case/process-api';
import type { ServiceDeps } from './deps';

/**
 * What platform services, the API and the CLI call for an unauthorised transfer (Art. 11 ¶2): one
 * function per action. `by` is the caller as their credential proves it; the case checks the roster.
 */
const P = UNAUTHORISED_TRANSFER;

/** A platform service reports an account that changed hands without approval: service is suspended. */
export const reportUnauthorisedTransfer = (deps: ServiceDeps, by: Principal, raw: unknown) => openCase(deps, by, P, OpenUnauthorisedTransferSchema, raw);

/** The holder's answer, sent by a platform service (`by`) on their behalf. */
export const respondToTransferReport = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, P, accountId, respond, RespondSchema, raw, { ...opts, actingFor: 'holder' });

/** A reviewer restores service, or decides to terminate it (four eyes follow). */
export const decideTransferReport = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, P, accountId, decideReport, DecideReportSchema, raw, { ...opts, actingFor: 'operator' });

/** A supervisor withdraws a false report: the suspension is lifted. */
export const withdrawTransferReport = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, P, accountId, withdrawReport, WithdrawReportSchema, raw, { ...opts, actingFor: 'operator' });

/** Four eyes: an operator proposes terminating service, once a reviewer decided to. */
export const proposeTransferTermination = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, P, accountId, proposeTermination, ProposeTerminationSchema, raw, { ...opts, actingFor: 'operator' });

/** Four eyes: a second supervisor confirms; service is terminated and the name reserved. */
export const confirmTransferTermination = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, P, accountId, confirmTermination, ConfirmTerminationSchema, raw, { ...opts, actingFor: 'operator' });

/** Four eyes: a second supervisor rejects the proposal; the termination is due again. */
export const rejectTransferTermination = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, P, accountId, rejectTermination, RejectTerminationSchema, raw, { ...opts, actingFor: 'operator' });

/** The case as it stands. */
export const getUnauthorisedTransfer = (deps: ServiceDeps, accountId: string) => readCase(deps, P, accountId, getCase);

export const unauthorisedTransferApi: ProcessApi = {
  process: P,
  open: { body: OpenUnauthorisedTransferSchema, roles: P.permissions.open, run: reportUnauthorisedTransfer },
  read: getUnauthorisedTransfer,
  actions: [
    { name: 'respond', summary: "The account holder answers the report (a platform service, on the holder's behalf)", body: RespondSchema, result: undefined, roles: ['platform'], run: respondToTransferReport },
    { name: 'decide', summary: 'Restore service, or decide to terminate it (four eyes follow)', body: DecideReportSchema, result: undefined, roles: P.permissions.decideReport, run: decideTransferReport },
    { name: 'withdraw', summary: 'Withdraw a false report: the suspension is lifted', body: WithdrawReportSchema, result: undefined, roles: P.permissions.withdrawReport, run: withdrawTransferReport },
    { name: 'propose-termination', summary: 'Four eyes: propose terminating service', body: ProposeTerminationSchema, result: undefined, roles: P.permissions.proposeTermination, run: proposeTransferTermination },
    { name: 'confirm-termination', summary: 'Four eyes: confirm a termination proposal (a second supervisor)', body: ConfirmTerminationSchema, result: undefined, roles: P.permissions.confirmTermination, run: confirmTransferTermination },
    { name: 'reject-termination', summary: 'Four eyes: reject a termination proposal (a second supervisor)', body: RejectTerminationSchema, result: undefined, roles: P.permissions.rejectTermination, run: rejectTransferTermination },
  ],
};
