import { createLocalJWKSet, createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { OidcConfig } from '../../config/env';
import { OperatorIdSchema } from '../../schemas/common';
import { UnauthenticatedError } from '../errors';

/** Verifies an OIDC bearer token and returns the roster id it names; roles come from the roster, never the token. */
export type OidcVerifier = (jwt: string) => Promise<string>;

// Asymmetric algorithms only: an HMAC "key" in a JWKS would let anyone who read the key set sign.
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

export function createOidcVerifier(config: OidcConfig): OidcVerifier {
  const keys: JWTVerifyGetKey = config.jwksUrl
    ? createRemoteJWKSet(new URL(config.jwksUrl))
    : createLocalJWKSet(config.jwks as Parameters<typeof createLocalJWKSet>[0]);
  return async (jwt) => {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(jwt, keys, { issuer: config.issuer, audience: config.audience, algorithms: ALGORITHMS }));
    } catch (err) {
      // Which check failed is the caller's to know (expired, wrong audience); never the token itself.
      const why = err instanceof joseErrors.JOSEError ? `${err.code}: ${err.message}` : 'cannot be verified';
      throw new UnauthenticatedError(`bearer token refused: ${why}`);
    }
    const id = OperatorIdSchema.safeParse(payload[config.rosterClaim]);
    if (!id.success) throw new UnauthenticatedError(`bearer token refused: claim "${config.rosterClaim}" must hold a roster id`);
    return id.data;
  };
}
