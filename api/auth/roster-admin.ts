import type { Principal } from '../../rules/roles';
import type { OperatorInput } from '../../schemas/operators';
import { setOperator, type RosterBroadcast } from '../../services/operators';
import type { ServiceDeps } from '../../services/deps';

/**
 * An admin's roster change: the change and its record (who, which roles, active or not, and the
 * admin's reason) in one transaction, then open cases told (services/operators.ts). A change that
 * changes nothing records nothing.
 */
export function changeRoster(deps: ServiceDeps, by: Principal, op: OperatorInput, reason: string): Promise<RosterBroadcast> {
  return setOperator(deps, by, op, reason);
}
