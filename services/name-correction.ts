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
import type { ServiceDeps } from './deps';

/** What platform services and the CLI call for name correction (Art. 8 ¶2–3): one function per action. */

/** Opens a case: service is suspended and the account holder told what to correct, by when. */
export const openNameCorrection = (deps: ServiceDeps, raw: unknown) => openCase(deps, NAME_CORRECTION, OpenNameCorrectionSchema, raw);

/** The account holder's corrected profile, submitted by the platform on their behalf. */
export const submitNameCorrection = (deps: ServiceDeps, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, NAME_CORRECTION, accountId, submitCorrection, SubmitCorrectionSchema, raw, opts);

/** The account holder declines to correct: service will be terminated. */
export const refuseNameCorrection = (deps: ServiceDeps, accountId: string, raw: unknown = {}, opts?: ActionOptions) =>
  sendAction(deps, NAME_CORRECTION, accountId, refuseCorrection, RefuseCorrectionSchema, raw, opts);

/** A reviewer approves or rejects the correction under review. */
export const reviewNameCorrection = (deps: ServiceDeps, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, NAME_CORRECTION, accountId, reviewCorrection, ReviewCorrectionSchema, raw, opts);

/** A supervisor moves the deadline later, with a reason. */
export const extendNameCorrectionDeadline = (deps: ServiceDeps, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, NAME_CORRECTION, accountId, extendDeadline, ExtendDeadlineSchema, raw, opts);

/** A supervisor withdraws a false positive; service is restored. */
export const withdrawNameCorrection = (deps: ServiceDeps, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, NAME_CORRECTION, accountId, withdrawCase, WithdrawCaseSchema, raw, opts);

/** The case as it stands: stage, deadline, submissions and every event with its author. */
export const getNameCorrection = (deps: ServiceDeps, accountId: string) => readCase(deps, NAME_CORRECTION, accountId, getCase);
