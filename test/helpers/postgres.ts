import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startPostgres as startPostgresServer, type PostgresServer } from '../../scripts/postgres-server';

export { postgresInstallation, type PostgresServer } from '../../scripts/postgres-server';

/** A throw-away cluster for tests: a temporary folder, a free port, fsync off; removed at `stop()`. */
export const startPostgres = (): Promise<PostgresServer> => startPostgresServer({ durable: false });

/**
 * A database of its own on the run's shared PostgreSQL server (started by the global setup), dropped
 * at `stop()`: a test file gets a clean store without the seconds an initdb and a server start cost.
 * Tests that take the server down (the fault tests) start a server of their own instead.
 */
export async function startPostgresDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  const shared = process.env.TEST_POSTGRES_URL;
  if (!shared) return startPostgres();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: shared });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: shared.replace(/\/postgres$/, `/${name}`),
    async stop() {
      const c = new pg.Client({ connectionString: shared });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
