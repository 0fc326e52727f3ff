import { createHash } from 'node:crypto';
import { withTransaction, type Db } from '../../store/db';
import { appendRecord, listRecords, verifyRecordChain, type RecordInput } from '../../store/records';
import { migratedStore } from './migrated-store';

const rec = (key: string, over: Partial<RecordInput> = {}): RecordInput => ({
  idempotencyKey: key,
  caseRef: 'NC-1',
  accountId: 'a1',
  action: 'suspend_service',
  article: '第八条第二款',
  actor: 'svc',
  reason: 'r',
  evidence: { n: 1 },
  ...over,
});

/** What someone with the power to lift the trigger can do to the table. */
async function asTableOwner(db: Db, sql: string, params: unknown[]): Promise<void> {
  await db.query('ALTER TABLE records DISABLE TRIGGER records_append_only');
  try {
    await db.query(sql, params);
  } finally {
    await db.query('ALTER TABLE records ENABLE TRIGGER records_append_only');
  }
}

describe('records', () => {
  const store = migratedStore();
  const append = (input: RecordInput) => withTransaction(store.db(), (tx) => appendRecord(tx, input));

  test('a measure retried concurrently is recorded once, and every retry gets the first record back', async () => {
    const db = store.db();
    const keys = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const attempts = [1, 2, 3, 4].flatMap((n) => keys.map((k) => rec(k, { caseRef: 'NC-retry', reason: `attempt ${n}` })));
    const out = await Promise.all(attempts.map(append));

    expect(out.filter((o) => o.inserted)).toHaveLength(keys.length);
    for (const key of keys) {
      const results = out.filter((o) => o.record.idempotencyKey === key);
      const first = results.find((o) => o.inserted)!.record;
      // The retries did not write: they got the first record back, content and all.
      for (const { record } of results) expect(record).toEqual(first);
    }
    const stored = await listRecords(db, { caseRef: 'NC-retry' });
    expect(stored.map((r) => r.idempotencyKey).sort()).toEqual(keys);
    expect(stored[0]).toMatchObject({ accountId: 'a1', action: 'suspend_service', article: '第八条第二款', actor: 'svc', evidence: { n: 1 } });
    expect(stored[0]!.at).toBeInstanceOf(Date);
    expect(Math.abs(stored[0]!.at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await verifyRecordChain(db)).toBeNull();
  });

  test('a record written in a transaction that fails is not kept; the measure can be recorded on retry', async () => {
    const db = store.db();
    await expect(
      withTransaction(db, async (tx) => {
        await appendRecord(tx, rec('rolled-back', { caseRef: 'NC-rollback' }));
        throw new Error('the measure failed');
      }),
    ).rejects.toThrow('the measure failed');
    expect(await listRecords(db, { caseRef: 'NC-rollback' })).toEqual([]);

    expect((await append(rec('rolled-back', { caseRef: 'NC-rollback' }))).inserted).toBe(true);
    expect(await listRecords(db, { caseRef: 'NC-rollback' })).toHaveLength(1);
    expect(await verifyRecordChain(db)).toBeNull();
  });

  test('records list by account and by case, in the order they were written', async () => {
    const db = store.db();
    await append(rec('f1', { caseRef: 'NC-f1', accountId: 'acc-f1', action: 'suspend_service' }));
    await append(rec('f2', { caseRef: 'NC-f2', accountId: 'acc-f2', action: 'suspend_service' }));
    await append(rec('f3', { caseRef: 'NC-f1', accountId: 'acc-f1', action: 'restore_service' }));
    await append(rec('f4', { caseRef: null, accountId: 'acc-f1', action: 'reserve_name' }));

    expect((await listRecords(db, { accountId: 'acc-f1' })).map((r) => r.idempotencyKey)).toEqual(['f1', 'f3', 'f4']);
    expect((await listRecords(db, { caseRef: 'NC-f1' })).map((r) => r.action)).toEqual(['suspend_service', 'restore_service']);
    expect((await listRecords(db, { caseRef: 'NC-f1', accountId: 'acc-f2' })).length).toBe(0);
    const all = await listRecords(db);
    expect(all.map((r) => r.idempotencyKey)).toEqual(expect.arrayContaining(['f1', 'f2', 'f3', 'f4']));
  });

  test('records are append-only, even for the tables\' owner: an update or delete is refused and changes nothing', async () => {
    const db = store.ownerDb();
    await append(rec('ao1', { caseRef: 'NC-ao' }));
    const before = await listRecords(db);

    await expect(db.query(`UPDATE records SET reason = 'changed'`)).rejects.toThrow(/records are append-only: UPDATE refused/);
    await expect(db.query(`DELETE FROM records WHERE case_ref = 'NC-ao'`)).rejects.toThrow(/records are append-only: DELETE refused/);
    await expect(db.query(`DELETE FROM records`)).rejects.toThrow(/records are append-only: DELETE refused/);
    expect(await listRecords(db)).toEqual(before);
  });

  test('the hash chain names the record someone changed, even when the forger rewrites its hash too', async () => {
    const db = store.db();
    for (const k of ['t1', 't2', 't3']) await append(rec(k, { caseRef: 'NC-tamper' }));
    const [, second, third] = await listRecords(db, { caseRef: 'NC-tamper' });
    expect(await verifyRecordChain(db)).toBeNull();

    await asTableOwner(store.ownerDb(), `UPDATE records SET reason = 'softened' WHERE seq = $1`, [second!.seq]);
    expect(await verifyRecordChain(db)).toBe(second!.seq);

    // The forger knows the formula and rewrites the changed record's hash: the next record's link breaks.
    const s = second!;
    const body = JSON.stringify([s.idempotencyKey, s.caseRef, s.accountId, s.action, s.article, s.actor, 'softened', s.evidence, s.at.toISOString()]);
    const forged = createHash('sha256').update(s.prevHash).update(body).digest('hex');
    await asTableOwner(store.ownerDb(), `UPDATE records SET hash = $2 WHERE seq = $1`, [s.seq, forged]);
    expect(await verifyRecordChain(db)).toBe(third!.seq);

    // Put back as written, the chain verifies again: it checks content, not who touched the table.
    await asTableOwner(store.ownerDb(), `UPDATE records SET reason = $2, hash = $3 WHERE seq = $1`, [s.seq, s.reason, s.hash]);
    expect(await verifyRecordChain(db)).toBeNull();
  });

  // jsonb gives object keys back in its own order (shorter keys first), not as written.
  test('records with evidence as the workflows write it verify untouched', async () => {
    const db = store.db();
    try {
      await append(rec('ev1', { caseRef: 'NC-ev', evidence: { submissionNo: 2, findings: [{ field: 'name', rule: 'protected_word', blocking: true }] } }));
      await append(rec('ev2', { caseRef: 'NC-ev', evidence: { from: '2026-12-01T10:00:00.000Z', to: '2026-12-04T10:00:00.000Z' } }));
      expect(await verifyRecordChain(db)).toBeNull();
    } finally {
      // Leave the chain as the other tests expect it.
      await asTableOwner(store.ownerDb(), `DELETE FROM records WHERE case_ref = 'NC-ev'`, []);
    }
  });
});
