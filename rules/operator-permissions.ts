/**
 * Which roster roles may take which operator action. Pure data and logic: the workflows import it
 * to check actions in their update validators.
 */
export type Role = 'reviewer' | 'supervisor';

export interface Roster {
  operators: { id: string; roles: Role[] }[];
  /** When the roster was read from the store. */
  asOf: string;
}

export const PERMISSIONS = {
  reviewCorrection: ['reviewer', 'supervisor'],
  extendDeadline: ['supervisor'],
  withdrawCase: ['supervisor'],
} as const satisfies Record<string, readonly Role[]>;

export type OperatorActionName = keyof typeof PERMISSIONS;

/** Why the operator may not take the action, or undefined when they may. */
export function refusalFor(roster: Roster, operatorId: string, action: OperatorActionName): string | undefined {
  const op = roster.operators.find((o) => o.id === operatorId);
  if (!op) return `operatorId: "${operatorId}" is not on the operator roster`;
  const allowed: readonly Role[] = PERMISSIONS[action];
  if (!op.roles.some((r) => allowed.includes(r))) {
    return `operatorId: "${operatorId}" (roles: ${op.roles.join(', ') || 'none'}) may not ${action}; it needs one of: ${allowed.join(', ')}`;
  }
  return undefined;
}
