import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTransaction, type Db } from './db';

const MIGRATIONS_DIR = join(__dirname, 'migrations');

/**
 * Applies the migrations not yet applied, in file-name order, in one transaction. Workers starting
 * together on an empty database take turns: the lock comes before anything is created.
 */
export async function migrate(db: Db): Promise<string[]> {
  return withTransaction(db, async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7233001)');
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const applied = new Set((await tx.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const done: string[] = [];
    for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort()) {
      const version = file.replace(/\.sql$/, '');
      if (applied.has(version)) continue;
      await tx.query(readFileSync(join(MIGRATIONS_DIR, file), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      done.push(version);
    }
    return done;
  });
}
