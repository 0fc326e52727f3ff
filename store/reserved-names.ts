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

const COLUMNS = `normalized, pinyin_key AS "pinyinKey", name, reason, case_ref AS "caseRef", account_id AS "accountId"`;

/**
 * Reserved names that the given one (normalised, and its pinyin key) equals, sounds like, or contains:
 * "我是老王说车粉丝" holds the reserved "老王说车". Names shorter than minEmbeddedLength are matched only
 * whole. The caller (rules/check-profile.ts) decides which match blocks and which goes to the reviewer.
 *
 * Equality goes through the primary key and the pinyin index; containment cannot use a b-tree index and
 * scans the table, which is small (names of closed accounts). strpos, unlike LIKE, needs no escaping of
 * % or _ in a stored name.
 */
export async function findReservedMatches(
  db: Sql,
  normalized: string,
  pinyinKey: string,
  minEmbeddedLength = 2,
): Promise<ReservedName[]> {
  const r = await db.query<ReservedName>(
    `SELECT ${COLUMNS} FROM reserved_names WHERE normalized = $1
     UNION SELECT ${COLUMNS} FROM reserved_names WHERE pinyin_key = $2
     UNION SELECT ${COLUMNS} FROM reserved_names
       WHERE char_length(normalized) >= $3 AND (strpos($1, normalized) > 0 OR (pinyin_key <> '' AND strpos($2, pinyin_key) > 0))
     ORDER BY normalized`,
    [normalized, pinyinKey, minEmbeddedLength],
  );
  return r.rows;
}
