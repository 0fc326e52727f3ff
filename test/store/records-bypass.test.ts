import { withTransaction } from '../../store/db';
import { appendRecord, hashRecord, listRecords, verifyRecordChain, type RecordInput } from '../../store/records';
import { migratedStore } from './migrated-store';

const rec = (key: string): RecordInput => ({
  idempotencyKey: key,
  caseRef: 'NC-bypass',
  accountId: 'acc-bypass',
  action: 'terminate_service',
  article: '第十九条',
  actor: 'reviewer-li',
  reason: 'repeated violations',
  evidence: { finding: 'F-1' },
});

/**
 * Each way the worker's role could once change a record without the chain noticing, tried as the app
 * role that workers, the API and the CLI now connect as (DATABASE_URL): every one is refused, and the
 * records are exactly as written.
 */
describe('records under the app role', () => {
  const store = migratedStore();
  let before: Awaited<ReturnType<typeof listRecords>>;

  beforeAll(async () => {
    for (const k of ['b1', 'b2', 'b3']) await withTransaction(store.db(), (tx) => appendRecord(tx, rec(k)));
    before = await listRecords(store.db());
  });
  afterEach(async () => {
    expect(await listRecords(store.db())).toEqual(before);
    expect(await verifyRecordChain(store.db())).toBeNull();
  });

  const last = () => before[before.length - 1]!;

  test.each([
    ['UPDATE a record', () => `UPDATE records SET reason = 'softened' WHERE seq = ${last().seq}`, /permission denied for table records/],
    ['DELETE the last record', () => `DELETE FROM records WHERE seq = ${last().seq}`, /permission denied for table records/],
    ['TRUNCATE', () => 'TRUNCATE records', /permission denied for table records/],
    ['DISABLE TRIGGER', () => 'ALTER TABLE records DISABLE TRIGGER records_append_only', /must be owner of table records/],
    ['DISABLE TRIGGER ALL', () => 'ALTER TABLE records DISABLE TRIGGER ALL', /must be owner of table records/],
    ['DROP TRIGGER', () => 'DROP TRIGGER records_append_only ON records', /must be owner of (table|relation) records/],
    ['DROP the TRUNCATE guard', () => 'DROP TRIGGER records_no_truncate ON records', /must be owner of (table|relation) records/],
    ['ALTER TABLE', () => 'ALTER TABLE records ALTER COLUMN reason DROP NOT NULL', /must be owner of table records/],
    ['DROP TABLE', () => 'DROP TABLE records', /must be owner of table records/],
    [
      'CREATE a replacement trigger function',
      () => `CREATE OR REPLACE FUNCTION records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      /permission denied for schema public|must be owner of function/,
    ],
    [
      'CREATE a replacement guard',
      () => `CREATE OR REPLACE FUNCTION append_only_guard() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
      /permission denied for schema public|must be owner of function/,
    ],
    ['SET session_replication_role = replica (triggers off)', () => 'SET session_replication_role = replica', /permission denied to set parameter "session_replication_role"/],
    ['a trigger of its own on records', () => 'CREATE TRIGGER mine BEFORE INSERT ON records FOR EACH ROW EXECUTE FUNCTION append_only_guard()', /permission denied for table records|must be owner/],
    ['take the owner role', () => 'SET ROLE compliance_owner', /permission denied to set role "compliance_owner"/],
  ])('%s: refused', async (_name, sql, error) => {
    await expect(store.db().query(sql())).rejects.toThrow(error);
  });

  test('rewrite a record and recompute its hash and every later one: refused at the first UPDATE', async () => {
    const db = store.db();
    const [first, ...rest] = before;
    const changed = { ...first!, reason: 'a milder reason' };
    let prev = hashRecord(first!.prevHash, changed, first!.at.toISOString());
    await expect(db.query('UPDATE records SET reason = $2, hash = $3 WHERE seq = $1', [first!.seq, changed.reason, prev])).rejects.toThrow(
      /permission denied for table records/,
    );
    for (const r of rest) {
      const hash = hashRecord(prev, r, r.at.toISOString());
      await expect(db.query('UPDATE records SET prev_hash = $2, hash = $3 WHERE seq = $1', [r.seq, prev, hash])).rejects.toThrow(/permission denied/);
      prev = hash;
    }
  });

  test.each(['operator_changes', 'measure_outbox', 'record_checkpoints'])('the other logs: %s cannot be changed, emptied or dropped', async (table) => {
    const db = store.db();
    await expect(db.query(`UPDATE ${table} SET at = now()`)).rejects.toThrow(new RegExp(`permission denied for table ${table}`));
    await expect(db.query(`DELETE FROM ${table}`)).rejects.toThrow(new RegExp(`permission denied for table ${table}`));
    await expect(db.query(`TRUNCATE ${table}`)).rejects.toThrow(new RegExp(`permission denied for table ${table}`));
    await expect(db.query(`DROP TABLE ${table}`)).rejects.toThrow(new RegExp(`must be owner of table ${table}`));
  });

  test('the owner too: TRUNCATE is stopped by the guard, UPDATE and DELETE by the row trigger', async () => {
    const owner = store.ownerDb();
    // CASCADE: measures point at records, and TRUNCATE would otherwise stop at the foreign key first.
    await expect(owner.query('TRUNCATE records CASCADE')).rejects.toThrow(/is append-only: TRUNCATE refused/);
    await expect(owner.query('TRUNCATE operator_changes')).rejects.toThrow(/operator_changes is append-only: TRUNCATE refused/);
    await expect(owner.query(`UPDATE records SET reason = 'x' WHERE seq = ${last().seq}`)).rejects.toThrow(/records are append-only: UPDATE refused/);
    await expect(owner.query(`DELETE FROM records WHERE seq = ${last().seq}`)).rejects.toThrow(/records are append-only: DELETE refused/);
  });

  test('what the app role does need still works: it appends, and reads', async () => {
    const out = await withTransaction(store.db(), (tx) => appendRecord(tx, rec('b-later')));
    expect(out.inserted).toBe(true);
    before = await listRecords(store.db());
    expect(before.map((r) => r.idempotencyKey)).toEqual(['b1', 'b2', 'b3', 'b-later']);
  });
});
