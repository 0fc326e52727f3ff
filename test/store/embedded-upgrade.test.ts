import { mkdtempSync, readdirSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/ports';
import { startLocalStore, startPostgres } from '../../scripts/postgres-server';
import { connect, withTransaction } from '../../store/db';
import { assertMigrated, knownMigrations } from '../../store/migrate';
import { appendRecord, listRecords, verifyRecordChain } from '../../store/records';
import { migrateAsOwner } from '../helpers/postgres';

test("npm start's store made by an older release (tables of the superuser) is handed to the owner, migrated, and held", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'compliance-embedded-upgrade-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  try {
    // The older release: its worker connected as the superuser and migrated 001-004 itself.
    const old = await startPostgres({ dir: join(dataDir, 'postgres'), port, durable: false });
    const su = connect(old.url, 1);
    try {
      await su.query('CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const dir = join(__dirname, '../../store/migrations');
      for (const f of readdirSync(dir).filter((x) => x.endsWith('.sql') && x < '005').sort()) {
        await su.query(readFileSync(join(dir, f), 'utf8'));
        await su.query('INSERT INTO schema_migrations (version) VALUES ($1)', [f.replace(/\.sql$/, '')]);
      }
      await withTransaction(su, (tx) =>
        appendRecord(tx, { idempotencyKey: 'old', caseRef: 'NC-old', accountId: 'a', action: 'warning', article: '第十九条', actor: 'svc', reason: 'r' }),
      );
    } finally {
      await su.end();
      await old.stop();
    }

    // This release's npm start: the roles, the hand-over, the migration as owner; the app role after.
    const store = await startLocalStore(dataDir, port);
    const app = connect(store.store.url, 1);
    try {
      // Everything after the older release's 001-004, in order, starting with the roles' split (005);
      // later migrations join the list without this test knowing them.
      const newer = knownMigrations().filter((m) => m >= '005');
      expect(newer[0]).toBe('005_app_role_and_checkpoints');
      expect(await migrateAsOwner(store.store)).toEqual(newer);
      await assertMigrated(app);
      expect((await listRecords(app)).map((r) => r.idempotencyKey)).toEqual(['old']);
      expect(await verifyRecordChain(app)).toBeNull();
      await expect(app.query(`UPDATE records SET reason = 'x'`)).rejects.toThrow(/permission denied for table records/);
      await expect(app.query('ALTER TABLE records DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner of table records/);
    } finally {
      await app.end();
      await store.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
