/**
 * The one list of operator roles, the roster cases check actions against, and the check itself. Pure:
 * workflows import it for their update validators. Each process declares its own permissions (which
 * role may take which of its actions) next to its messages.
 */
export const ROLES = ['platform', 'reviewer', 'supervisor', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling, as their credential (an API token or a verified OIDC token) proves it: never a field
 * they typed. `id` is their entry on the roster, and `roles` the roster's roles for it.
 *  - platform: a platform service; opens cases and sends the account holder's own actions for them.
 *  - reviewer, supervisor: operators acting on cases, as each process's permissions allow.
 *  - auditor: reads records, checkpoints and cases; changes nothing.
 *  - admin: manages the roster and API tokens; acts on no case.
 */
export interface Principal {
  id: string;
  roles: Role[];
}

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
