import type { FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { InvalidInputError } from '../schemas/errors';
import { CaseActionRefusedError, CaseNotFoundError } from '../services/case/errors';
import { AccessDeniedError, StateConflictError, UnknownEntityError } from '../services/errors';
import { RosterChangeRefusedError } from '../services/operators';
import { RegistrationRefusedError } from '../services/registration-refused';
import { WebhookAccessError } from '../services/webhooks';

/** No credential, or one that proves nothing (unknown, revoked, expired, off the roster): 401. */
export class UnauthenticatedError extends Error {
  override name = 'UnauthenticatedError';
}

/** A proven caller whose roster roles do not allow the route: 403, naming the roles that would. */
export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
  constructor(
    message: string,
    readonly needs: readonly string[],
  ) {
    super(message);
  }
}

/** Something the path names does not exist (an account, a token): 404. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** Every error body: `error` is a stable code for programs, `message` is for people. */
export const ErrorBodySchema = z.object({
  error: z.enum(['invalid_input', 'unauthenticated', 'forbidden', 'not_found', 'case_exists', 'action_refused', 'registration_refused', 'internal']),
  message: z.string(),
  /** invalid_input: each field that broke a rule (a dotted path; "(input)" for the whole body). */
  issues: z.array(z.object({ field: z.string(), rule: z.string() })).optional(),
  /** forbidden: the roles that may call the route. */
  needs: z.array(z.string()).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** The error responses every authenticated route may give, for its OpenAPI entry. */
export const COMMON_ERRORS = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema } as const;

/**
 * One mapping from errors to statuses for every route. A refused case action is 409: the request is
 * well formed, but the case as it stands (its stage, its deadline, the roster) does not allow it.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const send = (status: number, body: ErrorBody) => reply.code(status).send(body);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext === 'body' ? '' : `${err.validationContext}.`;
      const issues = err.validation.map((v) => ({ field: `${where}${v.instancePath.slice(1).replace(/\//g, '.')}` || '(input)', rule: v.message ?? 'is invalid' }));
      return send(400, { error: 'invalid_input', message: `invalid request: ${issues.map((i) => `${i.field}: ${i.rule}`).join('; ')}`, issues });
    }
    if (err instanceof InvalidInputError) return send(400, { error: 'invalid_input', message: err.message, issues: err.issues });
    if (err instanceof UnauthenticatedError) {
      void reply.header('www-authenticate', 'Bearer');
      return send(401, { error: 'unauthenticated', message: err.message });
    }
    if (err instanceof ForbiddenError) return send(403, { error: 'forbidden', message: err.message, needs: [...err.needs] });
    // The services check roles again (a caller other than the API cannot skip them): the same 403.
    if (err instanceof WebhookAccessError) return send(403, { error: 'forbidden', message: err.message, needs: [...err.needs] });
    if (err instanceof AccessDeniedError) return send(403, { error: 'forbidden', message: err.message, needs: [...err.needs] });
    if (err instanceof RosterChangeRefusedError) return send(403, { error: 'forbidden', message: err.message, needs: ['admin'] });
    if (err instanceof NotFoundError || err instanceof CaseNotFoundError || err instanceof UnknownEntityError) return send(404, { error: 'not_found', message: err.message });
    if (err instanceof CaseActionRefusedError || err instanceof StateConflictError) return send(409, { error: 'action_refused', message: err.message });
    // A well-formed registration the rules refuse (quota, blacklist, reserved name, ...): every rule named.
    if (err instanceof RegistrationRefusedError) {
      return send(409, { error: 'registration_refused', message: err.message, issues: err.findings.map((f) => ({ field: f.field, rule: `${f.rule}: ${f.detail}` })) });
    }
    // fastify's own client errors (a body that is not JSON, too large): their status, their words.
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return send(status, { error: 'invalid_input', message: (err as Error).message, issues: [{ field: '(input)', rule: (err as Error).message }] });
    }
    // Ours: logged with the request id; the caller gets the id to quote, not our internals.
    request.log.error({ err }, 'request failed');
    return send(500, { error: 'internal', message: `internal error (request ${request.id})` });
  });
}
