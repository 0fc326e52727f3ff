import type { Principal } from '../rules/roles';
import {
  ExtendDeadlineSchema,
  OpenNameCorrectionSchema,
  RefuseCorrectionSchema,
  ReviewCorrectionSchema,
  SubmitCorrectionSchema,
  WithdrawCaseSchema,
} from '../schemas/name-correction';
import {
  extendDeadline,
  getCase,
  NAME_CORRECTION,
  refuseCorrection,
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
  ],
};
