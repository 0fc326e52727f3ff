import type { Sql } from './db';

export type AccountStatus = 'active' | 'suspended' | 'terminated';

export interface Account {
  id: string;
  subjectId: string;
  name: string;
  avatarUrl: string | null;
  bio: string;
  contactEmail: string;
  status: AccountStatus;
}

export interface Profile {
  name?: string;
  avatarUrl?: string;
  bio?: string;
}

const COLUMNS = `id, subject_id AS "subjectId", name, avatar_url AS "avatarUrl", bio,
  contact_email AS "contactEmail", status`;

export async function getAccount(db: Sql, id: string): Promise<Account | undefined> {
  const r = await db.query<Account>(`SELECT ${COLUMNS} FROM accounts WHERE id = $1`, [id]);
  return r.rows[0];
}

export async function upsertSubject(
  db: Sql,
  s: { id: string; kind: 'individual' | 'organisation'; displayName: string },
): Promise<void> {
  await db.query(
    `INSERT INTO subjects (id, kind, display_name) VALUES ($1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, display_name = EXCLUDED.display_name`,
    [s.id, s.kind, s.displayName],
  );
}

export async function upsertAccount(
  db: Sql,
  a: Omit<Account, 'status' | 'avatarUrl'> & { avatarUrl?: string | null; status?: AccountStatus },
): Promise<void> {
  await db.query(
    `INSERT INTO accounts (id, subject_id, name, avatar_url, bio, contact_email, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET subject_id = EXCLUDED.subject_id, name = EXCLUDED.name,
       avatar_url = EXCLUDED.avatar_url, bio = EXCLUDED.bio, contact_email = EXCLUDED.contact_email,
       status = EXCLUDED.status, updated_at = now()`,
    [a.id, a.subjectId, a.name, a.avatarUrl ?? null, a.bio, a.contactEmail, a.status ?? 'active'],
  );
}

export async function setAccountStatus(db: Sql, id: string, status: AccountStatus): Promise<void> {
  await db.query('UPDATE accounts SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
}

/** Writes the fields the profile names; fields it leaves out keep their value. */
export async function applyProfile(db: Sql, id: string, p: Profile): Promise<void> {
  await db.query(
    `UPDATE accounts SET name = COALESCE($2, name), avatar_url = COALESCE($3, avatar_url),
       bio = COALESCE($4, bio), updated_at = now() WHERE id = $1`,
    [id, p.name ?? null, p.avatarUrl ?? null, p.bio ?? null],
  );
}
