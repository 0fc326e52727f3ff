import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Role } from '../rules/roles';
import type { ApiDeps } from './deps';
import { gate } from './auth/gate';
import { COMMON_ERRORS } from './errors';

/** The fastify instance every route file registers on: zod schemas give its request and reply types. */
export type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/** Every route file: `(app, deps) => void`, registering its area's routes. */
export type RouteArea = (app: ZodApp, deps: ApiDeps) => void;

/** Who may read cases and their notices: everyone but the admin, who manages access and acts on no case. */
export const CASE_READERS: readonly Role[] = ['platform', 'reviewer', 'supervisor', 'auditor'];

/**
 * What every gated route shares: the gate (authentication, then the roles, before the body is even
 * parsed), the security entry and the error responses in the OpenAPI document, and its roles in the
 * description (so the document says who may call what).
 */
export function gated(deps: ApiDeps, roles: readonly Role[], doc: { tags: string[]; summary: string }) {
  return {
    onRequest: gate(deps, roles),
    schema: {
      tags: doc.tags,
      summary: doc.summary,
      description: `Roles: ${roles.join(', ')}.`,
      security: [{ bearer: [] }],
    },
    errors: COMMON_ERRORS,
  };
}

/** "Idempotency-Key": a retried action with the same key gets the first attempt's result. */
// Loose: the validated headers replace the request's, and the others (authorization…) must stay.
export const IdempotencyHeadersSchema = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1–128 letters, digits, "_", ".", ":" or "-"')
    .optional()
    .describe("retrying with the same key returns the first result instead of acting twice; a key is the caller's own"),
});

/**
 * A success body whose shape is the service's own type (dates as ISO strings), not yet a schema of
 * its own: documented as JSON with a description, typed for the client from the service's type.
 */
export const json = (description: string) => z.unknown().describe(description);
