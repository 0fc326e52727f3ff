import { ApplicationFailure } from '@temporalio/activity';
import { caseTerms } from '../policy/case-terms';
import { PROCESS_SECTIONS } from '../policy/policy';
import { readRoster } from '../store/operators';
import type { CaseTerms } from '../workflows/case/process';
import type { Roster } from '../rules/roles';
import type { ActivityDeps } from './deps';

export function createCaseSetupActivities({ db, policy }: ActivityDeps) {
  return {
    /**
     * What a case needs at its start: the roster from the store and the terms of the policy this worker
     * runs with. So the policy that governs a new case is the running product's, whoever opened it.
     */
    async caseSetup({ kind }: { kind: string }): Promise<{ roster: Roster; terms: CaseTerms }> {
      const section = PROCESS_SECTIONS[kind as keyof typeof PROCESS_SECTIONS];
      if (!section) throw ApplicationFailure.nonRetryable(`the policy has no section for cases of kind "${kind}"`, 'UnknownCaseKind');
      return { roster: await readRoster(db), terms: caseTerms(policy.version, policy[section]) };
    },

    /** The roster again, after a roster change was signalled. */
    async readRoster(): Promise<Roster> {
      return readRoster(db);
    },
  };
}
