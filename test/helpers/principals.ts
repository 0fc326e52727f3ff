import type { Principal } from '../../rules/roles';

/** The callers tests act as, with the roles seedOperators gives them on the roster. */
export const PLATFORM: Principal = { id: 'content-risk-service', roles: ['platform'] };
export const REVIEWER: Principal = { id: 'reviewer-li', roles: ['reviewer'] };
export const SUPERVISOR: Principal = { id: 'supervisor-wang', roles: ['supervisor', 'reviewer'] };
export const SECOND_SUPERVISOR: Principal = { id: 'supervisor-zhao', roles: ['supervisor', 'reviewer'] };
export const THIRD_SUPERVISOR: Principal = { id: 'supervisor-sun', roles: ['supervisor', 'reviewer'] };

const KNOWN = new Map([PLATFORM, REVIEWER, SUPERVISOR, SECOND_SUPERVISOR, THIRD_SUPERVISOR].map((p) => [p.id, p]));
/** The principal for an id: its roster roles when seedOperators seeds it, none otherwise (a stranger). */
export const principal = (id: string): Principal => KNOWN.get(id) ?? { id, roles: [] };
