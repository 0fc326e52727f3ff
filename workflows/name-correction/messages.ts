import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { NameFinding } from '../../rules/names';
import type {
  ConfirmTermination,
  ExtendDeadline,
  ProposeTermination,
  RefuseCorrection,
  RejectTermination,
  ReviewCorrection,
  SubmitCorrection,
  WithdrawCase,
} from '../../schemas/name-correction';
import type { ActionSeal } from '../../security/action-seal';
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

// Every action is [input, seal]: the seal (security/action-seal.ts) says who acts, signed by the API.
// Cases opened before actions were signed received the input alone.

/** The account holder's corrected profile (sent by a platform service on their behalf). */
export const submitCorrection = defineUpdate<SubmissionResult, [SubmitCorrection, ActionSeal?]>('submitCorrection');
/** The account holder declines to correct (sent by a platform service on their behalf). */
export const refuseCorrection = defineUpdate<NameCorrectionSummary, [RefuseCorrection, ActionSeal?]>('refuseCorrection');
/** A reviewer approves or rejects the submitted correction. */
export const reviewCorrection = defineUpdate<NameCorrectionSummary, [ReviewCorrection, ActionSeal?]>('reviewCorrection');
/** A supervisor moves the deadline later, with a reason. */
export const extendDeadline = defineUpdate<NameCorrectionSummary, [ExtendDeadline, ActionSeal?]>('extendDeadline');
/** A supervisor withdraws a false positive: service is restored. */
export const withdrawCase = defineUpdate<NameCorrectionSummary, [WithdrawCase, ActionSeal?]>('withdrawCase');
/** Four eyes: an operator proposes terminating service, once the termination is due. */
export const proposeTermination = defineUpdate<NameCorrectionSummary, [ProposeTermination, ActionSeal?]>('proposeTermination');
/** Four eyes: a second supervisor confirms the proposal; service is terminated and the name reserved. */
export const confirmTermination = defineUpdate<NameCorrectionSummary, [ConfirmTermination, ActionSeal?]>('confirmTermination');
/** Four eyes: a second supervisor rejects the proposal; the termination is due again. */
export const rejectTermination = defineUpdate<NameCorrectionSummary, [RejectTermination, ActionSeal?]>('rejectTermination');

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
    // Who may open a case (the seal on the start names them; workflows/case/opening.ts): platform
    // services, and operators who open one by hand.
    open: ['platform', 'reviewer', 'supervisor'],
    reviewCorrection: ['reviewer', 'supervisor'],
    extendDeadline: ['supervisor'],
    withdrawCase: ['supervisor'],
    proposeTermination: ['reviewer', 'supervisor'],
    confirmTermination: ['supervisor'],
    rejectTermination: ['supervisor'],
  },
  getCase,
} as const satisfies ProcessInfo;
