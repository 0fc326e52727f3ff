import { z } from 'zod';
import { ROLES } from '../../rules/roles';
import { gated, type RouteArea } from '../app';

export const PrincipalSchema = z.object({ id: z.string(), roles: z.array(z.enum(ROLES)) });

/** Who the credential proves the caller is: a tool checks its token with this before it does anything. */
export const meRoutes: RouteArea = (app, deps) => {
  const me = gated(deps, ROLES, { tags: ['identity'], summary: 'The caller, as their credential and the roster say' });
  app.get('/v1/me', {
    onRequest: me.onRequest,
    schema: { ...me.schema, response: { 200: PrincipalSchema, ...me.errors } },
    handler: async (request) => request.principal!,
  });
};
