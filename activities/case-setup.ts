import { ApplicationFailure } from '@temporalio/activity';
import { caseTerms } from '../policy/case-terms';
import { PROCESS_SECTIONS } from '../policy/policy';
import { readRoster } from '../store/operators';
import type { CaseTerms } from '../workflows/case/process';
import type { Roster } from '../rules/roles';
import type { TrustedKeys } from '../security/action-seal';
import type { ActivityDeps } from './deps';

export function createCaseSetupActivities({ db, policy, actionVerifyKeys = {} }: ActivityDeps) {
  return {
    /**
     * What a case needs at its start: the roster from the store, the terms of the policy this worker
     * runs with, and the public keys it verifies action seals with (public: fine in the history). So
     * the policy that governs a new case is the running product's, whoever opened it.
     */
    async caseSetup({ kind }: { kind: string }): Promise<{ roster: Roster; terms: CaseTerms; actionKeys: TrustedKeys }> {
      const section = PROCESS_SECTIONS[kind as keyof typeof PROCESS_SECTIONS];
      if (!section) throw ApplicationFailure.nonRetryable(`the policy has no section for cases of kind "${kind}"`, 'UnknownCaseKind');
      return { roster: await readRoster(db), terms: caseTerms(policy.version, policy[section]), actionKeys: actionVerifyKeys };
    },

    /** The roster and the trusted keys again, after a change was signalled (a new operator, a key rotation). */
    async readRoster(): Promise<Roster & { actionKeys: TrustedKeys }> {
      return { ...(await readRoster(db)), actionKeys: actionVerifyKeys };
    },
  };
}
