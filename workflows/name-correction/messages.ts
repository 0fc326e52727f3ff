import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { NameFinding } from '../../rules/names';
import type { ExtendDeadline, RefuseCorrection, ReviewCorrection, SubmitCorrection, WithdrawCase } from '../../schemas/name-correction';
import type { OpeningCase } from '../case/case';
import type { ProcessInfo } from '../case/process';
import type { NameCorrectionState, NameCorrectionSummary, Stage } from './state';

/**
 * The messages a name-correction case answers, and what the platform side needs to know of the process.
 * Inputs are validated by the schemas in schemas/name-correction.ts, here and again in the case.
 */

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
export const refuseCorrection = defineUpdate<NameCorrectionSummary, [RefuseCorrection]>('refuseCorrection');
/** A reviewer approves or rejects the submitted correction. */
export const reviewCorrection = defineUpdate<NameCorrectionSummary, [ReviewCorrection]>('reviewCorrection');
/** A supervisor moves the deadline later, with a reason. */
export const extendDeadline = defineUpdate<NameCorrectionSummary, [ExtendDeadline]>('extendDeadline');
/** A supervisor withdraws a false positive: service is restored. */
export const withdrawCase = defineUpdate<NameCorrectionSummary, [WithdrawCase]>('withdrawCase');

/** The case: stage, deadline, submissions and every event with its author ('opening' for its first moments). */
export const getCase = defineQuery<NameCorrectionState | OpeningCase>('getCase');

export const NAME_CORRECTION = {
  kind: 'name-correction',
  workflowType: 'nameCorrection',
  refPrefix: 'NC',
  article: '第八条第二款',
  title: 'Name correction 名称改正',
  firstStage: 'awaiting_correction',
  permissions: {
    reviewCorrection: ['reviewer', 'supervisor'],
    extendDeadline: ['supervisor'],
    withdrawCase: ['supervisor'],
  },
  getCase,
} as const satisfies ProcessInfo;
