import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CancelClosure, Resume, StopClosure } from '../../schemas/voluntary-closure';
import type { ActionSeal } from '../../security/action-seal';
import type { OpeningCase } from '../case/case';
import type { ProcessInfo } from '../case/process';
import type { VoluntaryClosureState, VoluntaryClosureSummary } from './state';

/**
 * The messages a voluntary suspension or closure answers (Art. 11 ¶3), and what the platform side needs
 * to know of the process. Inputs are schemas/voluntary-closure.ts's.
 */

/** The holder ends their suspension before its date (a platform service, on their behalf). */
export const resume = defineUpdate<VoluntaryClosureSummary, [Resume, ActionSeal?]>('resume');
/** The holder cancels their closure during the freeze (a platform service, on their behalf). */
export const cancelClosure = defineUpdate<VoluntaryClosureSummary, [CancelClosure, ActionSeal?]>('cancelClosure');
/** A supervisor stops a closure during the freeze (a legal hold), with a reason. */
export const stopClosure = defineUpdate<VoluntaryClosureSummary, [StopClosure, ActionSeal?]>('stopClosure');

export const getCase = defineQuery<VoluntaryClosureState | OpeningCase>('getCase');

export const VOLUNTARY_CLOSURE = {
  kind: 'voluntary-closure',
  workflowType: 'voluntaryClosure',
  refPrefix: 'VC',
  article: '第十一条第三款',
  title: 'Voluntary suspension or closure 主动暂停/注销',
  firstStage: 'freezing',
  permissions: {
    // Only the holder applies, through a platform service (services/voluntary-closure.ts checks it is the holder).
    open: ['platform'],
    stopClosure: ['supervisor'],
  },
  getCase,
} as const satisfies ProcessInfo;
