import type { Sql } from '../store/db';
import type { SignedCheckpoint } from './checkpoint';

/** The record_checkpoints table (migration 005): append-only for the app role. */
export async function insertCheckpoint(db: Sql, c: SignedCheckpoint, publicKeyPem: string): Promise<void> {
  await db.query(
    `INSERT INTO record_checkpoints (head_seq, head_hash, count, at, key_id, signature, public_key) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [c.headSeq, c.headHash, c.count, c.at, c.keyId, c.signature, publicKeyPem],
  );
}

/** The latest checkpoints first, at most `limit`. */
export async function listCheckpoints(db: Sql, limit = 1000): Promise<(SignedCheckpoint & { publicKey: string })[]> {
  const r = await db.query<{ head_seq: string; head_hash: string; count: string; at: Date; key_id: string; signature: string; public_key: string }>(
    `SELECT head_seq, head_hash, count, at, key_id, signature, public_key FROM record_checkpoints ORDER BY id DESC LIMIT $1`,
    [limit],
  );
  return r.rows.map((row) => ({
    v: 1 as const,
    headSeq: row.head_seq,
    headHash: row.head_hash,
    count: row.count,
    at: row.at.toISOString(),
    keyId: row.key_id,
    signature: row.signature,
    publicKey: row.public_key,
  }));
}
