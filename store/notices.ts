import type { Sql } from './db';

export interface SentNotice {
  idempotencyKey: string;
  caseRef: string;
  accountId: string;
  kind: string;
  messageId: string;
  sentAt: Date;
}

const COLUMNS = `idempotency_key AS "idempotencyKey", case_ref AS "caseRef", account_id AS "accountId", kind,
  message_id AS "messageId", sent_at AS "sentAt"`;

/** The notice, if the relay has accepted it; a notice still being sent is not found. */
export async function findSentNotice(db: Sql, key: string): Promise<SentNotice | undefined> {
  const r = await db.query<SentNotice>(`SELECT ${COLUMNS} FROM notices WHERE idempotency_key = $1 AND status = 'sent'`, [key]);
  return r.rows[0];
}

/**
 * Records that the relay accepted the notice, whoever holds the claim: it went out, so it is sent.
 * A notice already sent keeps its first row.
 */
export async function markNoticeSent(db: Sql, n: Omit<SentNotice, 'sentAt'>): Promise<void> {
  await db.query(
    `INSERT INTO notices (idempotency_key, case_ref, account_id, kind, message_id, status, sent_at)
     VALUES ($1, $2, $3, $4, $5, 'sent', now())
     ON CONFLICT (idempotency_key) DO UPDATE SET status = 'sent', sent_at = now(), message_id = EXCLUDED.message_id
     WHERE notices.status = 'sending'`,
    [n.idempotencyKey, n.caseRef, n.accountId, n.kind, n.messageId],
  );
}

/** Notices the relay accepted for a case, in the order they went out. */
export async function listNotices(db: Sql, caseRef: string): Promise<SentNotice[]> {
  const r = await db.query<SentNotice>(`SELECT ${COLUMNS} FROM notices WHERE case_ref = $1 AND status = 'sent' ORDER BY sent_at`, [
    caseRef,
  ]);
  return r.rows;
}

export type NoticeClaim =
  /** This attempt holds the notice: it may hand it to the relay. `tookOver`: from an expired claim. */
  | { state: 'claimed'; tookOver: boolean }
  /** Sent already: nothing to do. */
  | { state: 'sent'; notice: SentNotice }
  /** Another attempt holds a live claim: wait `retryInMs` (until its lease runs out) and try again. */
  | { state: 'busy'; claimedBy: string; retryInMs: number };

/**
 * Claims a notice before it goes to the relay. Atomic (one INSERT … ON CONFLICT): of two attempts at
 * once, one claims and the other finds the claim. A claim older than `leaseMs` is taken over: the
 * attempt that made it has outlived every timeout of the mailer, so it is dead. Times are the
 * database's, so workers' clocks do not matter.
 */
export async function claimNotice(
  db: Sql,
  n: Omit<SentNotice, 'sentAt'> & { claimant: string; leaseMs: number },
): Promise<NoticeClaim> {
  // A claim released between the two statements leaves nothing to find: try again.
  for (let i = 0; i < 3; i++) {
    // xmax is set on a row the ON CONFLICT branch updated, not on a fresh one.
    const claimed = await db.query<{ tookOver: boolean }>(
      `INSERT INTO notices (idempotency_key, case_ref, account_id, kind, message_id, status, sent_at, claimed_at, claimed_by)
       VALUES ($1, $2, $3, $4, $5, 'sending', NULL, now(), $6)
       ON CONFLICT (idempotency_key) DO UPDATE SET claimed_at = now(), claimed_by = EXCLUDED.claimed_by, message_id = EXCLUDED.message_id
       WHERE notices.status = 'sending' AND notices.claimed_at <= now() - make_interval(secs => $7::double precision / 1000)
       RETURNING (xmax <> 0) AS "tookOver"`,
      [n.idempotencyKey, n.caseRef, n.accountId, n.kind, n.messageId, n.claimant, n.leaseMs],
    );
    if (claimed.rows[0]) return { state: 'claimed', tookOver: claimed.rows[0].tookOver };
    const r = await db.query<SentNotice & { status: 'sending' | 'sent'; claimedBy: string | null; retryInMs: number | null }>(
      `SELECT ${COLUMNS}, status, claimed_by AS "claimedBy",
         ceil(extract(epoch FROM claimed_at + make_interval(secs => $2::double precision / 1000) - now()) * 1000)::float8 AS "retryInMs"
       FROM notices WHERE idempotency_key = $1`,
      [n.idempotencyKey, n.leaseMs],
    );
    const row = r.rows[0];
    if (!row) continue;
    const { status, claimedBy, retryInMs, ...notice } = row;
    if (status === 'sent') return { state: 'sent', notice };
    return { state: 'busy', claimedBy: claimedBy ?? '?', retryInMs: Math.max(0, retryInMs ?? 0) };
  }
  return { state: 'busy', claimedBy: '?', retryInMs: 0 };
}

/** Gives a claim back after the relay refused or failed: the next attempt need not wait for the lease. */
export async function releaseNoticeClaim(db: Sql, key: string, claimant: string): Promise<void> {
  await db.query(`DELETE FROM notices WHERE idempotency_key = $1 AND status = 'sending' AND claimed_by = $2`, [key, claimant]);
}
