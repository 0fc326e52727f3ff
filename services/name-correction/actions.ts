import {
  ExtendDeadlineSchema,
  RefuseCorrectionSchema,
  ReviewCorrectionSchema,
  SubmitCorrectionSchema,
  WithdrawCaseSchema,
} from '../../schemas/name-correction';
import {
  extendDeadline,
  getCase,
  refuseCorrection,
  reviewCorrection,
  submitCorrection,
  withdrawCase,
} from '../../workflows/name-correction/messages';
import type { ServiceDeps } from '../deps';
import { explainUpdateError } from '../errors';
import { caseHandle, sendCaseUpdate, type ActionOptions } from './case-handle';

/** The account holder's corrected profile, submitted by the platform on their behalf. */
export const submitNameCorrection = (deps: ServiceDeps, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendCaseUpdate(deps, accountId, submitCorrection, SubmitCorrectionSchema, raw, opts);

/** The account holder declines to correct: service will be terminated. */
export const refuseNameCorrection = (deps: ServiceDeps, accountId: string, raw: unknown = {}, opts?: ActionOptions) =>
  sendCaseUpdate(deps, accountId, refuseCorrection, RefuseCorrectionSchema, raw, opts);

/** A reviewer approves or rejects the correction under review. */
export const reviewNameCorrection = (deps: ServiceDeps, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendCaseUpdate(deps, accountId, reviewCorrection, ReviewCorrectionSchema, raw, opts);

/** A supervisor moves the deadline later, with a reason. */
export const extendNameCorrectionDeadline = (deps: ServiceDeps, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendCaseUpdate(deps, accountId, extendDeadline, ExtendDeadlineSchema, raw, opts);

/** A supervisor withdraws a false positive; service is restored. */
export const withdrawNameCorrection = (deps: ServiceDeps, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendCaseUpdate(deps, accountId, withdrawCase, WithdrawCaseSchema, raw, opts);

/** The case as it stands: stage, deadline, submissions and every event with its author. */
export async function getNameCorrection(deps: ServiceDeps, accountId: string) {
  try {
    return await caseHandle(deps, accountId).query(getCase);
  } catch (err) {
    throw explainUpdateError(err, `case of account ${accountId}`);
  }
}
