import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ConfirmTermination, ProposeTermination, RejectTermination } from '../../schemas/case-actions';
import type { DecideReport, Respond, WithdrawReport } from '../../schemas/unauthorised-transfer';
import type { ActionSeal } from '../../security/action-seal';
import type { OpeningCase } from '../case/case';
import type { ProcessInfo } from '../case/process';
import type { UnauthorisedTransferState, UnauthorisedTransferSummary } from './state';

/**
 * The messages an unauthorised-transfer case answers (Art. 11 ¶2), and what the platform side needs to
 * know of the process. Every action is [input, seal]; inputs are schemas/unauthorised-transfer.ts's.
 */

/** The account holder answers the report (a platform service, on their behalf). */
export const respond = defineUpdate<UnauthorisedTransferSummary, [Respond, ActionSeal?]>('respond');
/** A reviewer restores service, or decides to terminate it (which then needs four eyes). */
export const decideReport = defineUpdate<UnauthorisedTransferSummary, [DecideReport, ActionSeal?]>('decideReport');
/** A supervisor withdraws a false report: the suspension is lifted. */
export const withdrawReport = defineUpdate<UnauthorisedTransferSummary, [WithdrawReport, ActionSeal?]>('withdrawReport');
/** Four eyes (workflows/case/termination.ts). */
export const proposeTermination = defineUpdate<UnauthorisedTransferSummary, [ProposeTermination, ActionSeal?]>('proposeTermination');
export const confirmTermination = defineUpdate<UnauthorisedTransferSummary, [ConfirmTermination, ActionSeal?]>('confirmTermination');
export const rejectTermination = defineUpdate<UnauthorisedTransferSummary, [RejectTermination, ActionSeal?]>('rejectTermination');

export const getCase = defineQuery<UnauthorisedTransferState | OpeningCase>('getCase');

export const UNAUTHORISED_TRANSFER = {
  kind: 'unauthorised-transfer',
  workflowType: 'unauthorisedTransfer',
  refPrefix: 'UT',
  article: '第十一条第二款',
  title: 'Unauthorised transfer 擅自转让',
  firstStage: 'awaiting_response',
  permissions: {
    open: ['platform', 'reviewer', 'supervisor'],
    decideReport: ['reviewer', 'supervisor'],
    withdrawReport: ['supervisor'],
    proposeTermination: ['reviewer', 'supervisor'],
    confirmTermination: ['supervisor'],
    rejectTermination: ['supervisor'],
  },
  getCase,
} as const satisfies ProcessInfo;
