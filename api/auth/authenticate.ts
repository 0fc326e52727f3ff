import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../rules/roles';
import type { Db } from '../../store/db';
import { readRoster } from '../../store/operators';
import { findTokenForCheck } from '../../store/tokens';
import type { OidcVerifier } from './oidc';
import { UnauthenticatedError } from '../errors';
import { looksLikeApiToken, parseToken, secretMatches } from './secrets';

/** The roster id an API token acts as; 401 for a malformed, unknown or revoked one (all said alike to a guesser). */
async function apiTokenSubject(db: Db, presented: string): Promise<string> {
  const parsed = parseToken(presented);
  const stored = parsed && (await findTokenForCheck(db, parsed.id));
  if (!parsed || !stored || !secretMatches(parsed.secret, stored.secretHash)) throw new UnauthenticatedError('API token not recognised');
  if (stored.revokedAt) throw new UnauthenticatedError(`API token ${stored.id} was revoked`);
  return stored.subject;
}

/**
 * Who is calling: the credential in `Authorization: Bearer …` (an API token, or an OIDC token when an
 * issuer is configured) names a roster id, and the roster, read now, gives its roles. A credential of
 * someone taken off the roster proves nothing any more: 401. Never reads an id the caller typed.
 */
export async function authenticate(deps: { db: Db; oidc?: OidcVerifier }, request: FastifyRequest): Promise<Principal> {
  const header = request.headers.authorization;
  if (!header) throw new UnauthenticatedError('missing credential: send "Authorization: Bearer <API token or OIDC token>"');
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!m) throw new UnauthenticatedError('Authorization must be "Bearer <token>"');
  const presented = m[1]!;
  let id: string;
  if (looksLikeApiToken(presented)) id = await apiTokenSubject(deps.db, presented);
  else if (deps.oidc) id = await deps.oidc(presented);
  else throw new UnauthenticatedError('not an API token, and no OIDC issuer is configured');
  const entry = (await readRoster(deps.db)).operators.find((o) => o.id === id);
  if (!entry) throw new UnauthenticatedError(`"${id}" is not an active entry on the roster`);
  return { id: entry.id, roles: entry.roles };
}
