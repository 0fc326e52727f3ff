import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal, Role } from '../../rules/roles';
import type { ApiDeps } from '../deps';
import { ForbiddenError } from '../errors';
import { authenticate } from './authenticate';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, set by the route's gate before its handler runs. */
    principal?: Principal;
  }
}

/**
 * A route's gate: authenticates (401) and checks the caller holds one of the roles (403, naming
 * them). Runs before the body is validated: a stranger learns nothing of the schema from the errors.
 */
export function gate(deps: ApiDeps, roles: readonly Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const principal = await authenticate(deps, request);
    if (!principal.roles.some((r) => roles.includes(r))) {
      throw new ForbiddenError(
        `"${principal.id}" (roles: ${principal.roles.join(', ') || 'none'}) may not call ${request.method} ${request.routeOptions.url}; it needs one of: ${roles.join(', ')}`,
        roles,
      );
    }
    request.principal = principal;
  };
}

/** The caller a gated route's handler acts for. */
export function caller(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route has no gate: the caller is unknown');
  return request.principal;
}
