import type { Sql } from './db';

/** A subject's real identity as stored: never the number or the phone in clear (migration 009). */
export interface StoredIdentity {
  subjectId: string;
  kind: 'resident_id' | 'credit_code';
  numberHash: string;
  numberSealed: string;
  numberMasked: string;
  nameSealed: string;
  phoneHash: string;
  phoneSealed: string;
  phoneMasked: string;
  verifiedAt: Date | null;
  verifiedBy: 'store' | 'http' | null;
}

const COLUMNS = `subject_id AS "subjectId", kind, number_hash AS "numberHash", number_sealed AS "numberSealed",
  number_masked AS "numberMasked", name_sealed AS "nameSealed", phone_hash AS "phoneHash", phone_sealed AS "phoneSealed", phone_masked AS "phoneMasked",
  verified_at AS "verifiedAt", verified_by AS "verifiedBy"`;

export async function getSubjectIdentity(db: Sql, subjectId: string): Promise<StoredIdentity | undefined> {
  const r = await db.query<StoredIdentity>(`SELECT ${COLUMNS} FROM subject_identities WHERE subject_id = $1`, [subjectId]);
  return r.rows[0];
}

/** The subject the number is bound to, if any. */
export async function subjectOfNumber(db: Sql, numberHash: string): Promise<string | undefined> {
  const r = await db.query<{ subjectId: string }>('SELECT subject_id AS "subjectId" FROM subject_identities WHERE number_hash = $1', [numberHash]);
  return r.rows[0]?.subjectId;
}

/** Binds the identity to the subject, or replaces the subject's own (a corrected phone, a re-verification). */
export async function putSubjectIdentity(db: Sql, i: StoredIdentity): Promise<void> {
  await db.query(
    `INSERT INTO subject_identities (subject_id, kind, number_hash, number_sealed, number_masked, name_sealed, phone_hash, phone_sealed, phone_masked, verified_at, verified_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (subject_id) DO UPDATE SET kind = EXCLUDED.kind, number_hash = EXCLUDED.number_hash, number_sealed = EXCLUDED.number_sealed,
       number_masked = EXCLUDED.number_masked, name_sealed = EXCLUDED.name_sealed, phone_hash = EXCLUDED.phone_hash, phone_sealed = EXCLUDED.phone_sealed,
       phone_masked = EXCLUDED.phone_masked, verified_at = EXCLUDED.verified_at, verified_by = EXCLUDED.verified_by, updated_at = now()`,
    [i.subjectId, i.kind, i.numberHash, i.numberSealed, i.numberMasked, i.nameSealed, i.phoneHash, i.phoneSealed, i.phoneMasked, i.verifiedAt, i.verifiedBy],
  );
}

/** Marks the stored identity verified now (a re-verification that succeeded). */
export async function markIdentityVerified(db: Sql, subjectId: string, by: 'store' | 'http'): Promise<void> {
  await db.query('UPDATE subject_identities SET verified_at = now(), verified_by = $2, updated_at = now() WHERE subject_id = $1', [subjectId, by]);
}

/** Accounts of the subject that are not terminated (closed or terminated by a measure in force): its quota use. */
export async function countLiveAccounts(db: Sql, subjectId: string, exceptAccountId?: string): Promise<number> {
  const r = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM accounts a WHERE a.subject_id = $1 AND ($2::text IS NULL OR a.id <> $2)
       AND NOT EXISTS (SELECT 1 FROM measures m WHERE m.account_id = a.id AND m.kind IN ('terminate_service', 'close_account')
                       AND m.lifted_at IS NULL AND (m.ends_at IS NULL OR m.ends_at > now()))`,
    [subjectId, exceptAccountId ?? null],
  );
  return Number(r.rows[0]!.n);
}
