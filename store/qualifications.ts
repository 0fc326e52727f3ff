import type { RegulatedCategory } from '../rules/categories';
import type { Sql } from './db';

export type QualificationStatus = 'pending' | 'verified' | 'rejected' | 'withdrawn';

export interface Qualification {
  id: string;
  subjectId: string;
  category: RegulatedCategory;
  materials: Record<string, unknown>[];
  status: QualificationStatus;
  submittedBy: string;
  submittedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  expiresAt: Date | null;
  withdrawnBy: string | null;
  withdrawnAt: Date | null;
  withdrawReason: string | null;
}

const COLUMNS = `id, subject_id AS "subjectId", category, materials, status, submitted_by AS "submittedBy",
  submitted_at AS "submittedAt", decided_by AS "decidedBy", decided_at AS "decidedAt", reason, expires_at AS "expiresAt",
  withdrawn_by AS "withdrawnBy", withdrawn_at AS "withdrawnAt", withdraw_reason AS "withdrawReason"`;

export async function insertQualification(
  db: Sql,
  q: { subjectId: string; category: RegulatedCategory; materials: unknown[]; submittedBy: string; recordSeq: string },
): Promise<Qualification> {
  const r = await db.query<Qualification>(
    `INSERT INTO subject_qualifications (subject_id, category, materials, submitted_by, submit_record_seq)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [q.subjectId, q.category, JSON.stringify(q.materials), q.submittedBy, q.recordSeq],
  );
  return r.rows[0]!;
}

/** FOR UPDATE inside a transaction: two decisions on one submission take turns. */
export async function getQualification(db: Sql, id: string, forUpdate = false): Promise<Qualification | undefined> {
  const r = await db.query<Qualification>(`SELECT ${COLUMNS} FROM subject_qualifications WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return r.rows[0];
}

export async function listQualifications(db: Sql, subjectId: string): Promise<Qualification[]> {
  const r = await db.query<Qualification>(`SELECT ${COLUMNS} FROM subject_qualifications WHERE subject_id = $1 ORDER BY id`, [subjectId]);
  return r.rows;
}

export async function decideQualification(
  db: Sql,
  d: { id: string; status: 'verified' | 'rejected'; decidedBy: string; reason: string; expiresAt: Date | null; recordSeq: string },
): Promise<Qualification> {
  const r = await db.query<Qualification>(
    `UPDATE subject_qualifications SET status = $2, decided_by = $3, decided_at = now(), reason = $4, expires_at = $5, decide_record_seq = $6
     WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
    [d.id, d.status, d.decidedBy, d.reason, d.expiresAt, d.recordSeq],
  );
  return r.rows[0]!;
}

export async function withdrawQualificationRow(db: Sql, w: { id: string; withdrawnBy: string; reason: string; recordSeq: string }): Promise<Qualification> {
  const r = await db.query<Qualification>(
    `UPDATE subject_qualifications SET status = 'withdrawn', withdrawn_by = $2, withdrawn_at = now(), withdraw_reason = $3, withdraw_record_seq = $4
     WHERE id = $1 AND status = 'verified' RETURNING ${COLUMNS}`,
    [w.id, w.withdrawnBy, w.reason, w.recordSeq],
  );
  return r.rows[0]!;
}

/** The verified, unexpired qualification the subject holds for the category, the one lasting longest. */
export async function heldQualification(db: Sql, subjectId: string, category: RegulatedCategory): Promise<Qualification | undefined> {
  const r = await db.query<Qualification>(
    `SELECT ${COLUMNS} FROM subject_qualifications
     WHERE subject_id = $1 AND category = $2 AND status = 'verified' AND expires_at > now() ORDER BY expires_at DESC LIMIT 1`,
    [subjectId, category],
  );
  return r.rows[0];
}
