/**
 * The one list of operator roles, the roster cases check actions against, and the check itself. Pure:
 * workflows import it for their update validators. Each process declares its own permissions (which
 * role may take which of its actions) next to its messages.
 */
export const ROLES = ['reviewer', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export interface Roster {
  /** The store's roster version (a database sequence): a newer roster always has a larger one. */
  version: number;
  operators: { id: string; roles: Role[] }[];
}

/** Action name → the roles that may take it. */
export type Permissions = Record<string, readonly Role[]>;

/** Why the operator may not take the action, or undefined when they may. */
export function refusalFor(roster: Roster, permissions: Permissions, operatorId: string, action: string): string | undefined {
  const op = roster.operators.find((o) => o.id === operatorId);
  if (!op) return `operatorId: "${operatorId}" is not on the operator roster`;
  const allowed = permissions[action] ?? [];
  if (!op.roles.some((r) => allowed.includes(r))) {
    return `operatorId: "${operatorId}" (roles: ${op.roles.join(', ') || 'none'}) may not ${action}; it needs one of: ${allowed.join(', ')}`;
  }
  return undefined;
}
