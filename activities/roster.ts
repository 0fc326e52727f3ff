import type { Roster } from '../rules/operator-permissions';
import { listActiveOperators } from '../store/operators';
import type { ActivityDeps } from './deps';

export function createRosterActivities({ db }: ActivityDeps) {
  return {
    /** The operator roster (ids and roles only) that update validators check actions against. */
    async loadRoster(): Promise<Roster> {
      const ops = await listActiveOperators(db);
      return { operators: ops.map((o) => ({ id: o.id, roles: o.roles })), asOf: new Date().toISOString() };
    },
  };
}
