import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { upsertSubject } from '../../store/accounts';
import { connect, type Db } from '../../store/db';
import { migrate } from '../../store/migrate';
import { startPostgresDatabase } from '../helpers/postgres';

const VERSIONS = readdirSync(join(__dirname, '../../store/migrations'))
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.replace(/\.sql$/, ''))
  .sort();

describe('migrations', () => {
  let server: { url: string; stop(): Promise<void> };
  let db: Db;
  beforeAll(async () => {
    server = await startPostgresDatabase();
    db = connect(server.url);
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });
  /** An empty database, as a new deployment finds it. */
  const emptyDatabase = () => db.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  const applied = async () => (await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);

  test('an empty database gets every migration in order, once; asking again applies nothing and keeps the data', async () => {
    await emptyDatabase();
    expect(await migrate(db)).toEqual(VERSIONS);
    expect(await applied()).toEqual(VERSIONS);
    const tables = (await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`)).rows.map((r) => r.t);
    expect(tables).toEqual(expect.arrayContaining(['subjects', 'accounts', 'reserved_names', 'operators', 'records', 'notices', 'schema_migrations']));

    await upsertSubject(db, { id: 's-kept', kind: 'organisation', displayName: '某某传媒有限公司' });
    expect(await migrate(db)).toEqual([]);
    expect(await migrate(db)).toEqual([]);
    expect(await applied()).toEqual(VERSIONS);
    expect((await db.query('SELECT display_name FROM subjects WHERE id = $1', ['s-kept'])).rows).toEqual([{ display_name: '某某传媒有限公司' }]);
  });

  test('workers starting at once on an empty database: each migration is applied once and none of them fails', async () => {
    for (let round = 0; round < 5; round++) {
      await emptyDatabase();
      const workers = [1, 2, 3, 4].map(() => connect(server.url, 2));
      try {
        const results = await Promise.all(workers.map((w) => migrate(w)));
        expect(results.flat().sort()).toEqual(VERSIONS);
      } finally {
        await Promise.all(workers.map((w) => w.end()));
      }
      expect(await applied()).toEqual(VERSIONS);
    }
  });
});
