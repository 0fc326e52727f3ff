import type { Principal } from '../rules/roles';

/** The callers the benchmark acts as, with the roles bench/stack.ts gives them on the roster. */
export const PLATFORM: Principal = { id: 'content-risk-service', roles: ['platform'] };
export const REVIEWER: Principal = { id: 'reviewer-li', roles: ['reviewer'] };
export const SUPERVISOR: Principal = { id: 'supervisor-wang', roles: ['supervisor', 'reviewer'] };
export const SECOND_SUPERVISOR: Principal = { id: 'supervisor-zhao', roles: ['supervisor', 'reviewer'] };
