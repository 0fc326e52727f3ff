import { connect, type Db } from '../../store/db';
import { startMigratedDatabase, type TestDatabase } from '../helpers/postgres';

/**
 * A migrated database of its own for a describe block: `db()` connects as the app role, as workers do;
 * `ownerDb()` as the owner, for what only a DBA can do. All go at the end of the block.
 */
export function migratedStore(): { db(): Db; ownerDb(): Db; url(): string; database(): TestDatabase } {
  let server: TestDatabase | undefined;
  let db: Db | undefined;
  let ownerDb: Db | undefined;
  beforeAll(async () => {
    server = await startMigratedDatabase();
    db = connect(server.url);
  });
  afterAll(async () => {
    await db?.end();
    await ownerDb?.end();
    await server?.stop();
  });
  return { db: () => db!, ownerDb: () => (ownerDb ??= connect(server!.ownerUrl, 2)), url: () => server!.url, database: () => server! };
}
