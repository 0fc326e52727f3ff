import { activeMeasures } from '../store/measures';
import type { ActivityDeps } from './deps';

export function createClosureCheckActivities({ db }: ActivityDeps) {
  return {
    /**
     * The measures in force on an account that another case imposed (a sanction opened during a
     * closure's freeze): the account must not close while they stand, or closing would dodge them.
     * A read: a retry asks again and changes nothing.
     */
    async measuresOfOtherCases({ accountId, caseRef }: { accountId: string; caseRef: string }): Promise<{ kind: string; caseRef: string | null }[]> {
      const measures = await activeMeasures(db, accountId);
      return measures.filter((m) => m.caseRef !== caseRef).map((m) => ({ kind: m.kind, caseRef: m.caseRef }));
    },
  };
}
