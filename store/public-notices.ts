import type { Sql } from './db';

/** What a public notice announces. Other processes add their kinds here (and to their texts). */
export const PUBLIC_NOTICE_KINDS = ['transfer_pending', 'transfer_cancelled', 'subject_changed'] as const;
export type PublicNoticeKind = (typeof PUBLIC_NOTICE_KINDS)[number];

/** A notice as the public reads it (GET /v1/public-notices): no personal data beyond masked names. */
export interface PublicNotice {
  id: string;
  kind: PublicNoticeKind;
  accountId: string;
  caseRef: string | null;
  title: string;
  body: string;
  publishedAt: Date;
}

export interface NewPublicNotice {
  kind: PublicNoticeKind;
  accountId: string;
  caseRef: string | null;
  title: string;
  body: string;
  /** The record that publishes it (same transaction): the notice is part of the hash-chained log. */
  recordSeq: string;
}

const COLUMNS = `id, kind, account_id AS "accountId", case_ref AS "caseRef", title, body, published_at AS "publishedAt"`;

/** Publishes a notice. Append-only: the table refuses UPDATE and DELETE (migration 011). */
export async function insertPublicNotice(db: Sql, n: NewPublicNotice): Promise<PublicNotice> {
  const r = await db.query<PublicNotice>(
    `INSERT INTO public_notices (kind, account_id, case_ref, title, body, record_seq) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [n.kind, n.accountId, n.caseRef, n.title, n.body, n.recordSeq],
  );
  return r.rows[0]!;
}

/** The notice a record published (what a retried publication reports). */
export async function publicNoticeOfRecord(db: Sql, recordSeq: string): Promise<PublicNotice | undefined> {
  const r = await db.query<PublicNotice>(`SELECT ${COLUMNS} FROM public_notices WHERE record_seq = $1`, [recordSeq]);
  return r.rows[0];
}

/** An account's notices, newest first; all accounts' when none is named. */
export async function listPublicNotices(db: Sql, q: { accountId?: string; limit?: number } = {}): Promise<PublicNotice[]> {
  const r = await db.query<PublicNotice>(
    `SELECT ${COLUMNS} FROM public_notices WHERE ($1::text IS NULL OR account_id = $1) ORDER BY published_at DESC, id DESC LIMIT $2`,
    [q.accountId ?? null, q.limit ?? 100],
  );
  return r.rows;
}
