import { z } from 'zod';
import type { Principal } from '../../rules/roles';
import { OperatorIdSchema, ReasonSchema } from '../../schemas/common';
import { InvalidInputError, parseInput } from '../../schemas/errors';
import { withTransaction, type Db } from '../../store/db';
import { readRoster } from '../../store/operators';
import { insertToken, revokeToken, type StoredToken } from '../../store/tokens';
import { ForbiddenError, NotFoundError } from '../errors';
import { recordAccessChange } from './access-record';
import { newTokenSecret } from './secrets';

export const CreateTokenSchema = z.strictObject({
  /** The roster entry the token acts as. */
  subject: OperatorIdSchema,
  /** What the token is for, e.g. "content-risk-service prod": shown in lists and the record. */
  label: ReasonSchema.pipe(z.string().max(200, 'must be at most 200 characters')),
});

export const RevokeTokenSchema = z.strictObject({ reason: ReasonSchema });

/** Tokens are an admin's to make and revoke: checked here too, so a caller other than a route cannot skip it. */
function requireAdmin(by: Principal, what: string): void {
  if (!by.roles.includes('admin')) {
    throw new ForbiddenError(`"${by.id}" (roles: ${by.roles.join(', ') || 'none'}) may not ${what}; it needs the admin role`, ['admin']);
  }
}

/** Makes a token for a roster entry; the secret is in the answer only, never stored or recorded. */
export async function createApiToken(db: Db, by: Principal, raw: unknown): Promise<{ token: string; info: StoredToken }> {
  requireAdmin(by, 'make API tokens');
  const input = parseInput(CreateTokenSchema, raw, 'token');
  const { id, token, secretHash } = newTokenSecret();
  const info = await withTransaction(db, async (tx) => {
    // Only active roster entries: a token for someone off the roster would be refused at every call anyway.
    if (!(await readRoster(tx)).operators.some((o) => o.id === input.subject)) {
      throw new InvalidInputError(`invalid token: subject: "${input.subject}" is not an active entry on the roster`, [
        { field: 'subject', rule: 'must name an active entry on the roster' },
      ]);
    }
    const stored = await insertToken(tx, { id, secretHash, subject: input.subject, label: input.label, createdBy: by.id });
    await recordAccessChange(tx, by, {
      key: `api-token:${id}:created`,
      action: 'api_token_created',
      reason: input.label,
      evidence: { tokenId: id, subject: input.subject },
    });
    return stored;
  });
  return { token, info };
}

/** Revokes a token at once: its next call is refused. Revoking a revoked token is a 404, and records nothing. */
export async function revokeApiToken(db: Db, by: Principal, id: string, raw: unknown): Promise<StoredToken> {
  requireAdmin(by, 'revoke API tokens');
  const { reason } = parseInput(RevokeTokenSchema, raw, 'revocation');
  return withTransaction(db, async (tx) => {
    const revoked = await revokeToken(tx, id, by.id);
    if (!revoked) throw new NotFoundError(`no live API token "${id}"`);
    await recordAccessChange(tx, by, {
      key: `api-token:${id}:revoked`,
      action: 'api_token_revoked',
      reason,
      evidence: { tokenId: id, subject: revoked.subject },
    });
    return revoked;
  });
}
