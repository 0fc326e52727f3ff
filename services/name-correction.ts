import type { Principal } from '../rules/roles';
import {
  ConfirmTerminationSchema,
  ExtendDeadlineSchema,
  OpenNameCorrectionSchema,
  ProposeTerminationSchema,
  RefuseCorrectionSchema,
  RejectTerminationSchema,
  ReviewCorrectionSchema,
  SubmitCorrectionSchema,
  WithdrawCaseSchema,
} from '../schemas/name-correction';
import {
  confirmTermination,
  extendDeadline,
  getCase,
  NAME_CORRECTION,
  proposeTermination,
  refuseCorrection,
  rejectTermination,
  reviewCorrection,
  submitCorrection,
  withdrawCase,
} from '../workflows/name-correction/messages';
import { readCase, sendAction, type ActionOptions } from './case/handle';
import { openCase } from './case/open';
import type { ProcessApi } from './case/process-api';
import type { ServiceDeps } from './deps';

/**
 * What platform services, the API and the CLI call for name correction (Art. 8 ¶2–3): one function per
 * action. `by` is the caller as their credential proves it; the case checks it against the roster.
 */

/** Opens a case: service is suspended and the account holder told what to correct, by when. */
export const openNameCorrection = (deps: ServiceDeps, by: Principal, raw: unknown) => openCase(deps, by, NAME_CORRECTION, OpenNameCorrectionSchema, raw);

/** The account holder's corrected profile, sent by a platform service (`by`) on their behalf. */
export const submitNameCorrection = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, NAME_CORRECTION, accountId, submitCorrection, SubmitCorrectionSchema, raw, { ...opts, actingFor: 'holder' });

/** The account holder declines to correct, through a platform service (`by`). */
export const refuseNameCorrection = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown = {}, opts?: ActionOptions) =>
  sendAction(deps, by, NAME_CORRECTION, accountId, refuseCorrection, RefuseCorrectionSchema, raw, { ...opts, actingFor: 'holder' });

/** A reviewer approves or rejects the correction under review. */
export const reviewNameCorrection = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, NAME_CORRECTION, accountId, reviewCorrection, ReviewCorrectionSchema, raw, { ...opts, actingFor: 'operator' });

/** A supervisor moves the deadline later, with a reason. */
export const extendNameCorrectionDeadline = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, NAME_CORRECTION, accountId, extendDeadline, ExtendDeadlineSchema, raw, { ...opts, actingFor: 'operator' });

/** A supervisor withdraws a false positive; service is restored. */
export const withdrawNameCorrection = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, NAME_CORRECTION, accountId, withdrawCase, WithdrawCaseSchema, raw, { ...opts, actingFor: 'operator' });

/** Four eyes: an operator proposes terminating service, once the termination is due. */
export const proposeNameCorrectionTermination = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, NAME_CORRECTION, accountId, proposeTermination, ProposeTerminationSchema, raw, { ...opts, actingFor: 'operator' });

/** Four eyes: a second supervisor (not the proposer, the opener or a reviewer of the case) confirms; service is terminated. */
export const confirmNameCorrectionTermination = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, NAME_CORRECTION, accountId, confirmTermination, ConfirmTerminationSchema, raw, { ...opts, actingFor: 'operator' });

/** Four eyes: a second supervisor rejects the proposal (recorded with its content); the termination is due again. */
export const rejectNameCorrectionTermination = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, NAME_CORRECTION, accountId, rejectTermination, RejectTerminationSchema, raw, { ...opts, actingFor: 'operator' });

/** The case as it stands: stage, deadline, submissions and every event with its author. */
export const getNameCorrection = (deps: ServiceDeps, accountId: string) => readCase(deps, NAME_CORRECTION, accountId, getCase);

/** Name correction as the HTTP API serves it (services/processes.ts lists it). */
export const nameCorrectionApi: ProcessApi = {
  process: NAME_CORRECTION,
  open: { body: OpenNameCorrectionSchema, roles: ['platform', 'reviewer', 'supervisor'], run: openNameCorrection },
  read: getNameCorrection,
  actions: [
    { name: 'submit', summary: "Submit the account holder's corrected profile (a platform service, on the holder's behalf)", body: SubmitCorrectionSchema, result: undefined, roles: ['platform'], run: submitNameCorrection },
    { name: 'refuse', summary: "The account holder refuses to correct (a platform service, on the holder's behalf)", body: RefuseCorrectionSchema, result: undefined, roles: ['platform'], run: refuseNameCorrection },
    { name: 'review', summary: 'Approve or reject the correction under review', body: ReviewCorrectionSchema, result: undefined, roles: NAME_CORRECTION.permissions.reviewCorrection, run: reviewNameCorrection },
    { name: 'extend-deadline', summary: 'Move the deadline later, with a reason', body: ExtendDeadlineSchema, result: undefined, roles: NAME_CORRECTION.permissions.extendDeadline, run: extendNameCorrectionDeadline },
    { name: 'withdraw', summary: 'Withdraw a false positive: service is restored', body: WithdrawCaseSchema, result: undefined, roles: NAME_CORRECTION.permissions.withdrawCase, run: withdrawNameCorrection },
    { name: 'propose-termination', summary: 'Four eyes: propose terminating service, once the termination is due', body: ProposeTerminationSchema, result: undefined, roles: NAME_CORRECTION.permissions.proposeTermination, run: proposeNameCorrectionTermination },
    { name: 'confirm-termination', summary: 'Four eyes: confirm a termination proposal (a second supervisor)', body: ConfirmTerminationSchema, result: undefined, roles: NAME_CORRECTION.permissions.confirmTermination, run: confirmNameCorrectionTermination },
    { name: 'reject-termination', summary: 'Four eyes: reject a termination proposal (a second supervisor)', body: RejectTerminationSchema, result: undefined, roles: NAME_CORRECTION.permissions.rejectTermination, run: rejectNameCorrectionTermination },
  ],
};
