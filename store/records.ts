import { createHash } from 'node:crypto';
import type { Sql, Tx } from './db';

/** One measure or decision (Art. 19): who, what, when, why, under which article, on what evidence. */
export interface RecordInput {
  /** Unique per measure: a retry of the same step finds the first record instead of writing another. */
  idempotencyKey: string;
  caseRef: string | null;
  accountId: string | null;
  action: string;
  article: string;
  actor: string;
  reason: string;
  evidence?: Record<string, unknown>;
}

export interface StoredRecord extends Required<RecordInput> {
  seq: string;
  at: Date;
  prevHash: string;
  hash: string;
}

/** The prevHash of the first record. */
export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level: jsonb gives keys back in its own order, not as written. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The record's hash: SHA-256 over the previous hash and the record's fields, as canonical JSON. */
export function hashRecord(prevHash: string, r: Required<RecordInput>, at: string): string {
  const body = canonicalJson([r.idempotencyKey, r.caseRef, r.accountId, r.action, r.article, r.actor, r.reason, r.evidence, at]);
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

/**
 * Appends a record inside the caller's transaction. Returns `inserted: false` when a record with the
 * same idempotency key exists already (the step ran before), so the caller skips the measure's effect.
 */
export async function appendRecord(tx: Tx, input: RecordInput): Promise<{ inserted: boolean; record: StoredRecord }> {
  // One writer at a time extends the hash chain.
  await tx.query('SELECT pg_advisory_xact_lock(7233002)');
  const existing = await findRecord(tx, input.idempotencyKey);
  if (existing) return { inserted: false, record: existing };
  const last = await tx.query<{ hash: string }>('SELECT hash FROM records ORDER BY seq DESC LIMIT 1');
  const prevHash = last.rows[0]?.hash ?? GENESIS;
  const r = { ...input, evidence: input.evidence ?? {} };
  const at = new Date().toISOString();
  const hash = hashRecord(prevHash, r, at);
  await tx.query(
    `INSERT INTO records (idempotency_key, case_ref, account_id, action, article, actor, reason, evidence, at, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [r.idempotencyKey, r.caseRef, r.accountId, r.action, r.article, r.actor, r.reason, JSON.stringify(r.evidence), at, prevHash, hash],
  );
  return { inserted: true, record: (await findRecord(tx, input.idempotencyKey))! };
}

const COLUMNS = `seq, idempotency_key AS "idempotencyKey", case_ref AS "caseRef", account_id AS "accountId", action,
  article, actor, reason, evidence, at, prev_hash AS "prevHash", hash`;

async function findRecord(db: Sql, key: string): Promise<StoredRecord | undefined> {
  const r = await db.query<StoredRecord>(`SELECT ${COLUMNS} FROM records WHERE idempotency_key = $1`, [key]);
  return r.rows[0];
}

export async function listRecords(db: Sql, filter: { accountId?: string; caseRef?: string } = {}): Promise<StoredRecord[]> {
  const r = await db.query<StoredRecord>(
    `SELECT ${COLUMNS} FROM records
     WHERE ($1::text IS NULL OR account_id = $1) AND ($2::text IS NULL OR case_ref = $2) ORDER BY seq`,
    [filter.accountId ?? null, filter.caseRef ?? null],
  );
  return r.rows;
}

/** Recomputes the chain; returns the seq of the first record that does not match, or null when intact. */
export async function verifyRecordChain(db: Sql): Promise<string | null> {
  let prev = GENESIS;
  for (const rec of await listRecords(db)) {
    const { seq, at, prevHash, hash, ...r } = rec;
    if (prevHash !== prev || hashRecord(prev, r, at.toISOString()) !== hash) return seq;
    prev = hash;
  }
  return null;
}

/** Records after `afterSeq`, in order, at most `limit`: one page of an export. */
export async function pageRecords(db: Sql, afterSeq: string, limit: number): Promise<StoredRecord[]> {
  const r = await db.query<StoredRecord>(`SELECT ${COLUMNS} FROM records WHERE seq > $1::bigint ORDER BY seq LIMIT $2`, [afterSeq, limit]);
  return r.rows;
}

/** Every record (up to `untilSeq` when given), in order, a page at a time: the chain of millions of records never sits in memory. */
export async function* iterateRecords(db: Sql, opts: { untilSeq?: string; pageSize?: number } = {}): AsyncGenerator<StoredRecord> {
  let after = '0';
  for (;;) {
    const page = await pageRecords(db, after, opts.pageSize ?? 1000);
    for (const r of page) {
      if (opts.untilSeq !== undefined && BigInt(r.seq) > BigInt(opts.untilSeq)) return;
      yield r;
    }
    if (page.length === 0) return;
    after = page[page.length - 1]!.seq;
  }
}
