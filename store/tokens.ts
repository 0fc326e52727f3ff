import type { Sql } from './db';

/** An API token as the store keeps it: never its secret, only the secret's SHA-256. */
export interface StoredToken {
  id: string;
  subject: string;
  label: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
}

const COLUMNS = `id, subject, label, created_by AS "createdBy", created_at AS "createdAt", revoked_at AS "revokedAt", revoked_by AS "revokedBy"`;

export async function insertToken(db: Sql, t: { id: string; secretHash: string; subject: string; label: string; createdBy: string }): Promise<StoredToken> {
  const r = await db.query<StoredToken>(
    `INSERT INTO api_tokens (id, secret_hash, subject, label, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [t.id, t.secretHash, t.subject, t.label, t.createdBy],
  );
  return r.rows[0]!;
}

/** The token with its secret's hash, to check a presented token against; undefined for an unknown id. */
export async function findTokenForCheck(db: Sql, id: string): Promise<(StoredToken & { secretHash: string }) | undefined> {
  const r = await db.query<StoredToken & { secretHash: string }>(`SELECT ${COLUMNS}, secret_hash AS "secretHash" FROM api_tokens WHERE id = $1`, [id]);
  return r.rows[0];
}

export async function listTokens(db: Sql, filter: { subject?: string } = {}): Promise<StoredToken[]> {
  const r = await db.query<StoredToken>(`SELECT ${COLUMNS} FROM api_tokens WHERE ($1::text IS NULL OR subject = $1) ORDER BY created_at, id`, [
    filter.subject ?? null,
  ]);
  return r.rows;
}

/** Revokes a live token; returns it, or undefined when there is no such token or it was revoked already. */
export async function revokeToken(db: Sql, id: string, by: string): Promise<StoredToken | undefined> {
  const r = await db.query<StoredToken>(
    `UPDATE api_tokens SET revoked_at = now(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`,
    [id, by],
  );
  return r.rows[0];
}
