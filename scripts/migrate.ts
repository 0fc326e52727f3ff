import { loadConfig, type Config } from '../config/env';
import { connect } from '../store/db';
import { migrate } from '../store/migrate';

/**
 * `npm run migrate`: applies the migrations as the OWNER role (DATABASE_OWNER_URL), granting the app
 * role (DATABASE_APP_ROLE, else DATABASE_URL's user) what workers, the API and the CLI may do. Run it
 * before starting workers of a new release: they check, and no longer migrate themselves.
 */
export async function migrateStore(config: Config): Promise<string[]> {
  if (!config.databaseOwnerUrl) throw new Error('DATABASE_OWNER_URL is not set: migrations run as the role that owns the tables, not as DATABASE_URL');
  if (!config.databaseAppRole) throw new Error('DATABASE_APP_ROLE is not set and DATABASE_URL names no user: say which role workers connect as');
  const owner = connect(config.databaseOwnerUrl, 1);
  try {
    return await migrate(owner, { appRole: config.databaseAppRole });
  } finally {
    await owner.end();
  }
}

if (require.main === module) {
  migrateStore(loadConfig()).then(
    (done) => console.log(done.length ? `applied: ${done.join(', ')}` : 'the database is up to date'),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
