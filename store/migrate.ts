import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTransaction, type Db, type Sql } from './db';

const MIGRATIONS_DIR = join(__dirname, 'migrations');

/** The migrations this build knows, in the order they apply. */
export function knownMigrations(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => f.replace(/\.sql$/, ''));
}

export interface MigrateOptions {
  /**
   * The role workers, the API and the CLI connect as (DATABASE_URL's). Migrations grant it what it
   * may do; it must not be the role running them, which owns the tables (store/migrations/005).
   */
  appRole: string;
}

/**
 * Applies the migrations not yet applied, in file-name order, in one transaction, connected as the
 * OWNER role (DATABASE_OWNER_URL): only `npm start`, `npm run migrate` and the tests' setup call this,
 * never a worker. Two callers at once take turns: the lock comes before anything is created.
 */
export async function migrate(ownerDb: Db, opts: MigrateOptions): Promise<string[]> {
  if (!opts.appRole) throw new Error('migrate: appRole is required (the role DATABASE_URL connects as)');
  return withTransaction(ownerDb, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7233001)');
    // How a role name reaches the SQL: a setting for this transaction only, read by the migrations.
    await tx.query(`SELECT set_config('compliance.app_role', $1, true)`, [opts.appRole]);
    // A database migrated by an older release belongs to the role its workers ran as: hand it over first.
    const stranger = await tx.query<{ owner: string; me: string }>(
      `SELECT tableowner AS owner, current_user AS me FROM pg_tables WHERE schemaname = current_schema() AND tableowner <> current_user LIMIT 1`,
    );
    const s = stranger.rows[0];
    if (s) {
      throw new Error(
        `tables belong to "${s.owner}", not to the role running the migrations ("${s.me}"): as a superuser run ` +
          `REASSIGN OWNED BY ${s.owner} TO ${s.me} (docs/RECORDS.md, "Upgrading")`,
      );
    }
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const applied = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const done: string[] = [];
    for (const version of knownMigrations()) {
      if (applied.has(version)) continue;
      await tx.query(readFileSync(join(MIGRATIONS_DIR, `${version}.sql`), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      done.push(version);
    }
    return done;
  });
}

/**
 * What a worker, the API or the CLI checks at start instead of migrating: every migration this build
 * knows is applied. Throws saying which are missing and how to apply them.
 */
export async function assertMigrated(db: Sql): Promise<void> {
  let applied: Set<string>;
  try {
    applied = new Set((await db.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
  } catch (err) {
    throw new Error(`the database is not migrated (${(err as Error).message}): run \`npm run migrate\` with DATABASE_OWNER_URL set`);
  }
  const missing = knownMigrations().filter((v) => !applied.has(v));
  if (missing.length) {
    throw new Error(`the database lacks migrations ${missing.join(', ')}: run \`npm run migrate\` with DATABASE_OWNER_URL set`);
  }
}
