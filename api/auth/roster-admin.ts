import type { Principal } from '../../rules/roles';
import type { OperatorInput } from '../../schemas/operators';
import { setOperator, type RosterBroadcast } from '../../services/operators';
import type { ServiceDeps } from '../../services/deps';
import { recordAccessChange } from './access-record';

/**
 * An admin's roster change: the change, its record (who, which roles, active or not, and why) in one
 * transaction, then open cases told. A change that changes nothing records nothing.
 */
export function changeRoster(deps: ServiceDeps, by: Principal, op: OperatorInput, reason: string): Promise<RosterBroadcast> {
  return setOperator(deps, op, (tx, { version }) =>
    recordAccessChange(tx, by, {
      key: `roster:${version}`,
      action: 'roster_changed',
      reason,
      evidence: { operatorId: op.id, roles: op.roles, active: op.active ?? true, rosterVersion: version },
    }).then(() => undefined),
  );
}
