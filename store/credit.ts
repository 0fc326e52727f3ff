import type { Sql } from './db';

/** The subject's credit score (Art. 13 ¶1); undefined: none recorded, so the policy's starting score. */
export async function getCreditScore(db: Sql, subjectId: string): Promise<number | undefined> {
  const r = await db.query<{ score: number }>('SELECT score FROM subject_credit WHERE subject_id = $1', [subjectId]);
  return r.rows[0]?.score;
}

export async function setCreditScore(db: Sql, subjectId: string, score: number): Promise<void> {
  await db.query(
    `INSERT INTO subject_credit (subject_id, score) VALUES ($1, $2)
     ON CONFLICT (subject_id) DO UPDATE SET score = EXCLUDED.score, updated_at = now()`,
    [subjectId, score],
  );
}
