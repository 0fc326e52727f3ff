import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { withRole } from '../../scripts/postgres-server';
import { upsertSubject } from '../../store/accounts';
import { connect, withTransaction, type Db } from '../../store/db';
import { assertMigrated, migrate } from '../../store/migrate';
import { appendRecord, listRecords, verifyRecordChain } from '../../store/records';
import { startPostgresDatabase, STORE_ROLES, type TestDatabase } from '../helpers/postgres';

const VERSIONS = readdirSync(join(__dirname, '../../store/migrations'))
  .filter((f) => f.endsWith('.sql'))
  .map((f) => f.replace(/\.sql$/, ''))
  .sort();

describe('migrations', () => {
  let server: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    server = await startPostgresDatabase();
    db = connect(server.ownerUrl);
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });
  /** An empty database, as a new deployment finds it. */
  const emptyDatabase = () => db.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public; GRANT USAGE ON SCHEMA public TO PUBLIC');
  const applied = async () => (await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);

  test('an empty database gets every migration in order, once; asking again applies nothing and keeps the data', async () => {
    await emptyDatabase();
    expect(await migrate(db, server)).toEqual(VERSIONS);
    expect(await applied()).toEqual(VERSIONS);
    const tables = (await db.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'`)).rows.map((r) => r.t);
    expect(tables).toEqual(expect.arrayContaining(['subjects', 'accounts', 'reserved_names', 'operators', 'records', 'notices', 'schema_migrations']));

    await upsertSubject(db, { id: 's-kept', kind: 'organisation', displayName: '某某传媒有限公司' });
    expect(await migrate(db, server)).toEqual([]);
    expect(await migrate(db, server)).toEqual([]);
    expect(await applied()).toEqual(VERSIONS);
    expect((await db.query('SELECT display_name FROM subjects WHERE id = $1', ['s-kept'])).rows).toEqual([{ display_name: '某某传媒有限公司' }]);
  });

  test('workers starting at once on an empty database: each migration is applied once and none of them fails', async () => {
    for (let round = 0; round < 5; round++) {
      await emptyDatabase();
      const workers = [1, 2, 3, 4].map(() => connect(server.ownerUrl, 2));
      try {
        const results = await Promise.all(workers.map((w) => migrate(w, server)));
        expect(results.flat().sort()).toEqual(VERSIONS);
      } finally {
        await Promise.all(workers.map((w) => w.end()));
      }
      expect(await applied()).toEqual(VERSIONS);
    }
  });
});

describe('migration 005: the owner and app roles', () => {
  let server: TestDatabase;
  let owner: Db;
  beforeAll(async () => {
    server = await startPostgresDatabase();
    owner = connect(server.ownerUrl, 1);
  });
  afterAll(async () => {
    await owner?.end();
    await server?.stop();
  });

  test.each([
    [STORE_ROLES.owner, /is, or is a member of, the role running the migrations .*DATABASE_URL and DATABASE_OWNER_URL must connect as different roles/],
    ['postgres', /the app role "postgres" is a superuser/],
    ['no_such_role', /the app role "no_such_role" does not exist/],
  ])('an app role that would not be held (%s) is refused, and nothing is applied', async (appRole, error) => {
    await expect(migrate(owner, { appRole })).rejects.toThrow(error);
    await expect(owner.query('SELECT 1 FROM records')).rejects.toThrow(/relation "records" does not exist/);
  });

  test('a database an older release migrated as its worker role upgrades once the DBA hands the tables to the owner', async () => {
    const superuser = new pg.Client({ connectionString: withRole(process.env.TEST_POSTGRES_URL ?? server.ownerUrl, 'postgres', new URL(server.url).pathname.slice(1)) });
    await superuser.connect();
    const app = connect(server.url, 1);
    try {
      // The old way: the worker's role made the tables (001-004) and wrote records.
      await superuser.query(`GRANT CREATE ON SCHEMA public TO ${STORE_ROLES.app}`);
      await app.query('CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const dir = join(__dirname, '../../store/migrations');
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql') && f < '005').sort()) {
        await app.query(readFileSync(join(dir, file), 'utf8'));
        await app.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file.replace(/\.sql$/, '')]);
      }
      await withTransaction(app, (tx) =>
        appendRecord(tx, { idempotencyKey: 'old-1', caseRef: 'NC-old', accountId: 'a', action: 'warning', article: '第十九条', actor: 'svc', reason: 'r' }),
      );

      // The owner cannot lock down what it does not own: it says what to run.
      await expect(migrate(owner, server)).rejects.toThrow(/tables belong to "compliance_app".*REASSIGN OWNED BY compliance_app TO compliance_owner/);
      // docs/RECORDS.md "Upgrading": as a superuser, hand everything over and take back CREATE.
      await superuser.query(`REASSIGN OWNED BY ${STORE_ROLES.app} TO ${STORE_ROLES.owner}`);
      await superuser.query(`REVOKE CREATE ON SCHEMA public FROM ${STORE_ROLES.app}`);
      expect(await migrate(owner, server)).toEqual(VERSIONS.filter((v) => v >= '005'));

      // The worker's role now appends and reads, and changes nothing.
      await expect(app.query(`UPDATE records SET reason = 'x'`)).rejects.toThrow(/permission denied for table records/);
      await expect(app.query('ALTER TABLE records DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner of table records/);
      await withTransaction(app, (tx) =>
        appendRecord(tx, { idempotencyKey: 'new-1', caseRef: 'NC-new', accountId: 'a', action: 'warning', article: '第十九条', actor: 'svc', reason: 'r' }),
      );
      expect((await listRecords(app)).map((r) => r.idempotencyKey)).toEqual(['old-1', 'new-1']);
      expect(await verifyRecordChain(app)).toBeNull();
      await expect(assertMigrated(app)).resolves.toBeUndefined();
    } finally {
      await app.end();
      await superuser.end();
    }
  });
});
