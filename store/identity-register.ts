import type { Sql } from './db';

/** A row of the real-name register the store-backed verifier checks against: hashes only. */
export interface RegisterEntry {
  kind: 'resident_id' | 'credit_code';
  numberHash: string;
  nameHash: string;
  phoneHash: string;
}

export async function findRegisterEntry(db: Sql, kind: RegisterEntry['kind'], numberHash: string): Promise<RegisterEntry | undefined> {
  const r = await db.query<RegisterEntry>(
    `SELECT kind, number_hash AS "numberHash", name_hash AS "nameHash", phone_hash AS "phoneHash"
     FROM identity_register WHERE kind = $1 AND number_hash = $2`,
    [kind, numberHash],
  );
  return r.rows[0];
}

/** Adds the entry, or replaces the name and phone of one with the same number (seeding is re-runnable). */
export async function putRegisterEntry(db: Sql, e: RegisterEntry): Promise<void> {
  await db.query(
    `INSERT INTO identity_register (kind, number_hash, name_hash, phone_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (kind, number_hash) DO UPDATE SET name_hash = EXCLUDED.name_hash, phone_hash = EXCLUDED.phone_hash`,
    [e.kind, e.numberHash, e.nameHash, e.phoneHash],
  );
}
