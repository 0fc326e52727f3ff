import { connect, withTransaction, type Db } from '../../store/db';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../store/embedded';
import { migrate } from '../../store/migrate';
import { appendRecord, listRecords, verifyRecordChain, type RecordInput } from '../../store/records';

let embedded: EmbeddedDatabase;
let db: Db;
beforeAll(async () => {
  embedded = await startEmbeddedDatabase({});
  db = connect(embedded.url);
  await migrate(db);
});
afterAll(async () => {
  await db?.end();
  await embedded?.stop();
});

const rec = (key: string): RecordInput => ({
  idempotencyKey: key,
  caseRef: 'NC-1',
  accountId: 'a1',
  action: 'suspend_service',
  article: '第八条第二款',
  actor: 'svc',
  reason: 'r',
  evidence: { n: 1 },
});

test('records are idempotent by key, chained, append-only, and tampering shows', async () => {
  const appended = await Promise.all(['k1', 'k2', 'k3', 'k1', 'k2'].map((k) => withTransaction(db, (tx) => appendRecord(tx, rec(k)))));
  expect(appended.filter((a) => a.inserted)).toHaveLength(3);
  expect(await listRecords(db)).toHaveLength(3);
  expect(await verifyRecordChain(db)).toBeNull();

  await expect(db.query(`UPDATE records SET reason = 'changed'`)).rejects.toThrow(/records are append-only: UPDATE refused/);
  await expect(db.query(`DELETE FROM records`)).rejects.toThrow(/records are append-only: DELETE refused/);

  // Someone with the power to lift the trigger edits the second record: the chain names it.
  await db.query('ALTER TABLE records DISABLE TRIGGER records_append_only');
  await db.query(`UPDATE records SET reason = 'softened' WHERE idempotency_key = 'k2'`);
  await db.query('ALTER TABLE records ENABLE TRIGGER records_append_only');
  const second = (await listRecords(db)).find((r) => r.idempotencyKey === 'k2')!;
  expect(await verifyRecordChain(db)).toBe(second.seq);
});

test('migrations run once, however often they are asked to', async () => {
  expect(await migrate(db)).toEqual([]);
});
