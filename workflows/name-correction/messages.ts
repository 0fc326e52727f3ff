import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { NameFinding } from '../../rules/names';
import type { Roster } from '../../rules/operator-permissions';
import type {
  ExtendDeadline,
  RefuseCorrection,
  ReviewCorrection,
  SubmitCorrection,
  WithdrawCase,
} from '../../schemas/name-correction';
import type { CaseState, CaseSummary, Stage } from './state';

/** The messages a name-correction case answers. Inputs are validated by the schemas in schemas/name-correction.ts. */

export interface SubmissionResult {
  submissionNo: number;
  /** false: the automatic checks rejected it; the account holder may submit again before the deadline. */
  passed: boolean;
  findings: NameFinding[];
  stage: Stage;
  deadline: string;
}

/** The account holder's corrected profile (sent by the platform on their behalf). */
export const submitCorrection = defineUpdate<SubmissionResult, [SubmitCorrection]>('submitCorrection');
/** The account holder declines to correct. */
export const refuseCorrection = defineUpdate<CaseSummary, [RefuseCorrection]>('refuseCorrection');
/** A reviewer approves or rejects the submitted correction. */
export const reviewCorrection = defineUpdate<CaseSummary, [ReviewCorrection]>('reviewCorrection');
/** A supervisor moves the deadline later, with a reason. */
export const extendDeadline = defineUpdate<CaseSummary, [ExtendDeadline]>('extendDeadline');
/** A supervisor withdraws a false positive: service is restored. */
export const withdrawCase = defineUpdate<CaseSummary, [WithdrawCase]>('withdrawCase');

/** The case: stage, deadline, submissions and every event with its author. */
export const getCase = defineQuery<CaseState>('getCase');

/** The operator roster changed in the store (sent by services/operators). */
export const rosterChanged = defineSignal<[Roster]>('rosterChanged');
