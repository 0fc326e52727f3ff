import type { Role } from '../rules/roles';

/**
 * Errors of the registry-side services (subjects, standing, qualifications), mapped once in
 * api/errors.ts. The services check roles themselves too: a caller other than the API cannot skip them.
 */

/** The caller's roles do not allow it; nothing changed (403). */
export class AccessDeniedError extends Error {
  override name = 'AccessDeniedError';
  constructor(
    message: string,
    readonly needs: readonly Role[],
  ) {
    super(message);
  }
}

/** What the request names does not exist: a subject, a qualification (404). */
export class UnknownEntityError extends Error {
  override name = 'UnknownEntityError';
}

/** Well formed, but not allowed as things stand: a second listing, a decision on a decided submission (409). */
export class StateConflictError extends Error {
  override name = 'StateConflictError';
}

export function requireRole(by: { id: string; roles: readonly Role[] }, roles: readonly Role[], what: string): void {
  if (!by.roles.some((r) => roles.includes(r))) {
    throw new AccessDeniedError(`"${by.id}" (roles: ${by.roles.join(', ') || 'none'}) may not ${what}; it needs one of: ${roles.join(', ')}`, roles);
  }
}
