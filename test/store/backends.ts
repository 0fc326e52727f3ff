import { connect, type Db } from '../../store/db';
import { startEmbeddedDatabase } from '../../store/embedded';
import { migrate } from '../../store/migrate';
import { postgresInstallation, startPostgresDatabase } from '../helpers/postgres';

export interface StoreServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Every store test runs on both: PGlite, which `npm start` serves by default, and Debian's
 * PostgreSQL server, which production uses (`DATABASE_URL`).
 */
export const STORE_BACKENDS: [name: string, start: () => Promise<StoreServer>][] = [
  ['PGlite (embedded)', () => startEmbeddedDatabase({})],
  [`PostgreSQL ${postgresInstallation()?.major ?? '(not installed)'}`, startPostgresDatabase],
];

/** Starts a backend for a describe block, with a migrated pool on it; both go at the end of the block. */
export function migratedStore(start: () => Promise<StoreServer>): { db(): Db; url(): string } {
  let server: StoreServer | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    server = await start();
    db = connect(server.url);
    await migrate(db);
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });
  return { db: () => db!, url: () => server!.url };
}
