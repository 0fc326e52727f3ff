import type { Sql } from '../store/db';

/** What a case leaves in the store: rows per table and bytes on disk (tables and indexes), per case. */
export interface StoreFootprint {
  cases: number;
  rowsPerCase: Record<string, number>;
  bytesPerCase: number;
}

// The tables cases write; accounts and subjects are the registry's, not the cases'.
const CASE_TABLES = ['records', 'notices', 'measures', 'measure_outbox', 'reserved_names', 'public_notices'] as const;

/** Measured over the whole store after `cases` cases have run (the benchmark's store holds nothing else of theirs). */
export async function storeFootprint(db: Sql, cases: number): Promise<StoreFootprint> {
  const rowsPerCase: Record<string, number> = {};
  let bytes = 0;
  for (const t of CASE_TABLES) {
    const r = await db.query<{ n: string; bytes: string }>(`SELECT count(*) AS n, pg_total_relation_size('${t}') AS bytes FROM ${t}`);
    rowsPerCase[t] = Number(r.rows[0]!.n) / cases;
    bytes += Number(r.rows[0]!.bytes);
  }
  return { cases, rowsPerCase, bytesPerCase: bytes / cases };
}
