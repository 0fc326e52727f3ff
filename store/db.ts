import pg from 'pg';

export type Db = pg.Pool;

/**
 * The roles of a store we run ourselves (`npm start`, tests, the bench): the owner runs migrations and
 * owns the tables; workers, the API and the CLI connect as the app role (store/migrations/005). In
 * production a DBA creates both, under any names (DATABASE_OWNER_URL, DATABASE_URL).
 */
export const EMBEDDED_STORE_ROLES = { owner: 'compliance_owner', app: 'compliance_app' } as const;
export type Tx = pg.PoolClient;
/** Anything that runs SQL: the pool, or a client inside a transaction. */
export type Sql = Pick<pg.Pool, 'query'>;

/**
 * Connections each kind of process keeps: a worker runs many activities at once; a CLI call makes a
 * few queries and exits; a platform service calling services/ is sized like a worker.
 */
export const POOL_SIZES = { worker: 10, cli: 2, service: 10 } as const;

export function connect(databaseUrl: string, max: number = POOL_SIZES.service): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  // An idle connection dropped by the server is not fatal: the pool reconnects on next use.
  pool.on('error', () => undefined);
  return pool;
}

export async function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const tx = await db.connect();
  try {
    await tx.query('BEGIN');
    const out = await fn(tx);
    await tx.query('COMMIT');
    return out;
  } catch (err) {
    await tx.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    tx.release();
  }
}
