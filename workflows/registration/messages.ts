import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReviewRegistration, WithdrawRegistration } from '../../schemas/registration';
import type { ActionSeal } from '../../security/action-seal';
import type { OpeningCase } from '../case/case';
import type { ProcessInfo } from '../case/process';
import type { RegistrationState, RegistrationSummary } from './state';

/**
 * The messages a registration case answers, and what the platform side needs to know of the process.
 * A case exists only for an application held for review; one registered or refused at once has none.
 */

/** A reviewer approves (the account is registered) or rejects the application, with reasons. */
export const reviewRegistration = defineUpdate<RegistrationSummary, [ReviewRegistration, ActionSeal?]>('reviewRegistration');
/** The applicant withdraws (sent by a platform service on their behalf). */
export const withdrawRegistration = defineUpdate<RegistrationSummary, [WithdrawRegistration, ActionSeal?]>('withdrawRegistration');

/** The case: stage, review deadline, findings and every event with its author. */
export const getCase = defineQuery<RegistrationState | OpeningCase>('getCase');

export const REGISTRATION = {
  kind: 'registration',
  workflowType: 'registration',
  refPrefix: 'RG',
  article: '第八条第一款',
  title: 'Registration 账号注册',
  firstStage: 'under_review',
  // The account is not in the registry yet: the case is keyed by the id it asks for.
  opens: 'new-account',
  permissions: {
    // Only a platform service opens one, after the checks (services/registration.ts); never by hand.
    open: ['platform'],
    reviewRegistration: ['reviewer', 'supervisor'],
  },
  getCase,
} as const satisfies ProcessInfo;
