import { z } from 'zod';
import { OperatorIdSchema } from '../../schemas/common';
import { listTokens, type StoredToken } from '../../store/tokens';
import { gated, type RouteArea } from '../app';
import { CreateTokenSchema, createApiToken, revokeApiToken, RevokeTokenSchema } from '../auth/token-admin';
import { ErrorBodySchema } from '../errors';

const tags = ['tokens'];

export const TokenInfoSchema = z.object({
  id: z.string(),
  subject: z.string(),
  label: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});
const info = (t: StoredToken): z.infer<typeof TokenInfoSchema> => ({
  ...t,
  createdAt: t.createdAt.toISOString(),
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** API tokens: only an admin makes, lists and revokes them; each make and revoke is a record. */
export const tokenRoutes: RouteArea = (app, deps) => {
  const create = gated(deps, ['admin'], { tags, summary: 'Make an API token for a roster entry; its secret is shown this once' });
  app.post('/v1/tokens', {
    onRequest: create.onRequest,
    schema: { ...create.schema, body: CreateTokenSchema, response: { 201: z.object({ token: z.string(), info: TokenInfoSchema }), ...create.errors } },
    handler: async (request, reply) => {
      const { token, info: stored } = await createApiToken(deps.db, request.principal!, request.body);
      return reply.code(201).send({ token, info: info(stored) });
    },
  });

  const list = gated(deps, ['admin'], { tags, summary: 'API tokens (never their secrets), revoked ones included' });
  app.get('/v1/tokens', {
    onRequest: list.onRequest,
    schema: { ...list.schema, querystring: z.strictObject({ subject: OperatorIdSchema.optional() }), response: { 200: z.object({ tokens: z.array(TokenInfoSchema) }), ...list.errors } },
    handler: async (request) => ({ tokens: (await listTokens(deps.db, request.query)).map(info) }),
  });

  const revoke = gated(deps, ['admin'], { tags, summary: 'Revoke an API token: its next call is refused' });
  app.post('/v1/tokens/:id/revoke', {
    onRequest: revoke.onRequest,
    schema: { ...revoke.schema, params: z.object({ id: z.string().regex(/^[a-z2-9]{10}$/, 'must be a token id (10 characters)') }), body: RevokeTokenSchema, response: { 200: TokenInfoSchema, ...revoke.errors, 404: ErrorBodySchema } },
    handler: async (request) => info(await revokeApiToken(deps.db, request.principal!, request.params.id, request.body)),
  });
};
