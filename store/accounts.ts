import type { ProposedProfile } from '../schemas/name-correction';
import type { Sql } from './db';
import { ACTIVE_SQL, statusOfKinds, type AccountStatus } from './measures';

export type { AccountStatus } from './measures';

/** Art. 9: economy, education, health and judicial content needs a qualification. Also the CHECK in migration 003. */
export const CONTENT_CATEGORIES = ['general', 'news', 'economy', 'education', 'health', 'judicial', 'entertainment', 'other'] as const;
export type ContentCategory = (typeof CONTENT_CATEGORIES)[number];

export interface Account {
  id: string;
  subjectId: string;
  name: string;
  avatarUrl: string | null;
  bio: string;
  contactEmail: string;
  contentCategory: ContentCategory;
  /** Derived from the account's active measures (store/measures.ts), never stored. */
  status: AccountStatus;
}

/** The fields of an account's public profile a correction may change: one definition, the schema's. */
export type Profile = ProposedProfile;

export interface Subject {
  id: string;
  kind: 'individual' | 'organisation';
  displayName: string;
  /** Where notices to the subject itself go (a transfer's receiving side); accounts have their own contact. */
  contactEmail?: string | null;
}

/** What registering an account writes; the status is not among it: only measures change it. */
export interface NewAccount {
  id: string;
  subjectId: string;
  name: string;
  contactEmail: string;
  avatarUrl?: string | null;
  bio?: string;
  contentCategory?: ContentCategory;
}

export type AccountFields = Partial<Pick<Account, 'name' | 'contactEmail' | 'contentCategory' | 'bio'>> & { avatarUrl?: string | null };

// The active kinds come in the same statement as the row: one snapshot, so the status matches the row.
const SELECT = `SELECT a.id, a.subject_id AS "subjectId", a.name, a.avatar_url AS "avatarUrl", a.bio,
  a.contact_email AS "contactEmail", a.content_category AS "contentCategory",
  ARRAY(SELECT kind FROM measures m WHERE m.account_id = a.id AND ${ACTIVE_SQL}) AS "activeKinds"
  FROM accounts a`;

export async function getAccount(db: Sql, id: string): Promise<Account | undefined> {
  const r = await db.query<Omit<Account, 'status'> & { activeKinds: string[] }>(`${SELECT} WHERE a.id = $1`, [id]);
  const row = r.rows[0];
  if (!row) return undefined;
  const { activeKinds, ...account } = row;
  return { ...account, status: statusOfKinds(activeKinds) };
}

export async function getSubject(db: Sql, id: string): Promise<Subject | undefined> {
  const r = await db.query<Subject>('SELECT id, kind, display_name AS "displayName", contact_email AS "contactEmail" FROM subjects WHERE id = $1', [id]);
  return r.rows[0];
}

export async function upsertSubject(db: Sql, s: Subject): Promise<void> {
  await db.query(
    `INSERT INTO subjects (id, kind, display_name, contact_email) VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, display_name = EXCLUDED.display_name,
       contact_email = COALESCE(EXCLUDED.contact_email, subjects.contact_email)`,
    [s.id, s.kind, s.displayName, s.contactEmail ?? null],
  );
}

/** Inserts the subject if absent; an existing one is left as it is. true: it was inserted. */
export async function ensureSubject(db: Sql, s: Subject): Promise<boolean> {
  const r = await db.query(`INSERT INTO subjects (id, kind, display_name, contact_email) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`, [
    s.id,
    s.kind,
    s.displayName,
    s.contactEmail ?? null,
  ]);
  return r.rowCount === 1;
}

const INSERT = `INSERT INTO accounts (id, subject_id, name, avatar_url, bio, contact_email, content_category)
  VALUES ($1, $2, $3, $4, $5, $6, $7)`;
const insertParams = (a: NewAccount) => [a.id, a.subjectId, a.name, a.avatarUrl ?? null, a.bio ?? '', a.contactEmail, a.contentCategory ?? 'general'];

/** Registers a new account; an existing id fails (unique violation on accounts_pkey, SQLSTATE 23505). */
export async function insertAccount(db: Sql, a: NewAccount): Promise<void> {
  await db.query(INSERT, insertParams(a));
}

/**
 * For seeding: inserts the account if absent and otherwise leaves it exactly as it is (a re-run of the
 * seed must not undo a correction or anything else that happened since). true: it was inserted.
 */
export async function ensureAccount(db: Sql, a: NewAccount): Promise<boolean> {
  const r = await db.query(`${INSERT} ON CONFLICT (id) DO NOTHING`, insertParams(a));
  return r.rowCount === 1;
}

/** Writes the fields given (undefined ones keep their value). Never touches measures. false: no such account. */
export async function updateAccountFields(db: Sql, id: string, f: AccountFields): Promise<boolean> {
  const columns: [string, unknown][] = [
    ['name', f.name],
    ['contact_email', f.contactEmail],
    ['content_category', f.contentCategory],
    ['bio', f.bio],
    ['avatar_url', f.avatarUrl],
  ];
  const set = columns.filter(([, v]) => v !== undefined);
  const r = await db.query(
    `UPDATE accounts SET ${[...set.map(([c], i) => `${c} = $${i + 2}`), 'updated_at = now()'].join(', ')} WHERE id = $1`,
    [id, ...set.map(([, v]) => v)],
  );
  return r.rowCount === 1;
}

/** Writes the fields the profile names; fields it leaves out keep their value. */
export async function applyProfile(db: Sql, id: string, p: Profile): Promise<void> {
  await db.query(
    `UPDATE accounts SET name = COALESCE($2, name), avatar_url = COALESCE($3, avatar_url),
       bio = COALESCE($4, bio), updated_at = now() WHERE id = $1`,
    [id, p.name ?? null, p.avatarUrl ?? null, p.bio ?? null],
  );
}
