import type { Sql } from './db';

export interface ReservedName {
  normalized: string;
  pinyinKey: string;
  name: string;
  reason: string;
  caseRef: string | null;
  accountId: string | null;
}

/** Reserves a name for good (Art. 8 ¶3). Reserving it again changes nothing. */
export async function reserveName(db: Sql, n: ReservedName): Promise<void> {
  await db.query(
    `INSERT INTO reserved_names (normalized, pinyin_key, name, reason, case_ref, account_id)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (normalized) DO NOTHING`,
    [n.normalized, n.pinyinKey, n.name, n.reason, n.caseRef, n.accountId],
  );
}

/** Reserved names equal to the given one once normalised, or that sound the same. */
export async function findReservedMatches(db: Sql, normalized: string, pinyinKey: string): Promise<ReservedName[]> {
  const r = await db.query<ReservedName>(
    `SELECT normalized, pinyin_key AS "pinyinKey", name, reason, case_ref AS "caseRef", account_id AS "accountId"
     FROM reserved_names WHERE normalized = $1 OR pinyin_key = $2`,
    [normalized, pinyinKey],
  );
  return r.rows;
}
