import { connect, type Db } from '../../store/db';
import { migrate } from '../../store/migrate';
import { startPostgresDatabase } from '../helpers/postgres';

/** A database of its own for a describe block, with a migrated pool on it; both go at the end of the block. */
export function migratedStore(): { db(): Db; url(): string } {
  let server: { url: string; stop(): Promise<void> } | undefined;
  let db: Db | undefined;
  beforeAll(async () => {
    server = await startPostgresDatabase();
    db = connect(server.url);
    await migrate(db);
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });
  return { db: () => db!, url: () => server!.url };
}
