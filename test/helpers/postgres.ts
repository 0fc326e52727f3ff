import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connect } from '../../store/db';
import { migrate } from '../../store/migrate';
import { ensureStoreRoles, startPostgres as startPostgresServer, STORE_ROLES, withRole, type PostgresServer, type StoreUrls } from '../../scripts/postgres-server';

export { postgresInstallation, STORE_ROLES, type PostgresServer } from '../../scripts/postgres-server';

/** A throw-away cluster for tests: a temporary folder, a free port, fsync off; removed at `stop()`. */
export const startPostgres = (): Promise<PostgresServer> => startPostgresServer({ durable: false });

/**
 * A database for a test: `url` connects as the app role (what workers get as DATABASE_URL),
 * `ownerUrl` as the owner (DATABASE_OWNER_URL, for migrations and for playing the DBA).
 */
export interface TestDatabase extends StoreUrls {
  stop(): Promise<void>;
}

/**
 * An empty database of its own, owned by the owner role, on the run's shared PostgreSQL server
 * (started by the global setup, which made the roles), dropped at `stop()`: a test file gets a clean
 * store without the seconds an initdb and a server start cost. Without a shared server (a file run
 * alone by hand), a throw-away server of its own. Tests that take the server down (the fault tests)
 * start a server of their own and call storeOn().
 */
export async function startPostgresDatabase(): Promise<TestDatabase> {
  const shared = process.env.TEST_POSTGRES_URL;
  if (!shared) {
    const server = await startPostgres();
    return { ...(await storeOn(server.url)), stop: () => server.stop() };
  }
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: shared });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} OWNER ${STORE_ROLES.owner}`);
  await admin.end();
  return {
    url: withRole(shared, STORE_ROLES.app, name),
    ownerUrl: withRole(shared, STORE_ROLES.owner, name),
    appRole: STORE_ROLES.app,
    async stop() {
      const c = new pg.Client({ connectionString: shared });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The roles on a server of a test's own (superuser url), for its `postgres` database. */
export const storeOn = (superuserUrl: string): Promise<StoreUrls> => ensureStoreRoles(superuserUrl);

/** Migrates a test database as its owner, as `npm start` and `npm run migrate` do. */
export async function migrateAsOwner(d: StoreUrls): Promise<string[]> {
  const owner = connect(d.ownerUrl, 1);
  try {
    return await migrate(owner, d);
  } finally {
    await owner.end();
  }
}

/** startPostgresDatabase(), migrated: ready for workers and services connected to `url`. */
export async function startMigratedDatabase(): Promise<TestDatabase> {
  const d = await startPostgresDatabase();
  await migrateAsOwner(d);
  return d;
}
