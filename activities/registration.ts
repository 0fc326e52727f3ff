import type { Application } from '../workflows/registration/state';
import { enterRegistry, type EntryResult } from '../services/registry-entry';
import type { ActivityDeps } from './deps';
import type { MeasureInput } from './account-measures';

export type RegisterFromCaseInput = Omit<MeasureInput, 'evidence'> & { application: Application };

export function createRegistrationActivities({ db, policy }: ActivityDeps) {
  return {
    /**
     * A reviewer approved a held registration: the account enters the registry (services/registry-entry.ts:
     * the rules that may have changed meanwhile checked again, the insert and its `register_account`
     * record in one transaction, idempotent by the record's key). A refusal comes back as findings for
     * the case to record and tell the applicant; it is not a failure to retry.
     */
    async registerAccountFromCase(input: RegisterFromCaseInput): Promise<EntryResult> {
      const { application: a, ...rec } = input;
      return enterRegistry(
        db,
        policy,
        { ...rec, evidence: { subjectId: a.subjectId, name: a.name, contentCategory: a.contentCategory } },
        { accountId: rec.accountId, subjectId: a.subjectId, name: a.name, contentCategory: a.contentCategory, ...(a.bio ? { bio: a.bio } : {}), ...(a.avatarUrl ? { avatarUrl: a.avatarUrl } : {}) },
      );
    },
  };
}
