import type { Sql } from './db';

/** A listing of a subject (Art. 19 ¶2 列入黑名单): while in force, it may not open or receive accounts. */
export interface Listing {
  id: string;
  subjectId: string;
  reason: string;
  article: string;
  listedBy: string;
  listedAt: Date;
  recordSeq: string;
  liftedAt: Date | null;
  liftedBy: string | null;
  liftReason: string | null;
}

const COLUMNS = `id, subject_id AS "subjectId", reason, article, listed_by AS "listedBy", listed_at AS "listedAt",
  record_seq AS "recordSeq", lifted_at AS "liftedAt", lifted_by AS "liftedBy", lift_reason AS "liftReason"`;

export async function listingInForce(db: Sql, subjectId: string): Promise<Listing | undefined> {
  const r = await db.query<Listing>(`SELECT ${COLUMNS} FROM subject_blacklist WHERE subject_id = $1 AND lifted_at IS NULL`, [subjectId]);
  return r.rows[0];
}

export async function insertListing(
  db: Sql,
  l: { subjectId: string; reason: string; article: string; listedBy: string; recordSeq: string },
): Promise<Listing> {
  const r = await db.query<Listing>(
    `INSERT INTO subject_blacklist (subject_id, reason, article, listed_by, record_seq) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [l.subjectId, l.reason, l.article, l.listedBy, l.recordSeq],
  );
  return r.rows[0]!;
}

/** Lifts the listing in force; undefined when there was none. */
export async function liftListing(db: Sql, l: { subjectId: string; liftedBy: string; reason: string; recordSeq: string }): Promise<Listing | undefined> {
  const r = await db.query<Listing>(
    `UPDATE subject_blacklist SET lifted_at = now(), lifted_by = $2, lift_reason = $3, lift_record_seq = $4
     WHERE subject_id = $1 AND lifted_at IS NULL RETURNING ${COLUMNS}`,
    [l.subjectId, l.liftedBy, l.reason, l.recordSeq],
  );
  return r.rows[0];
}
