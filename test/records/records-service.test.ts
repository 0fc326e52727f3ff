import { InvalidInputError } from '../../schemas/errors';
import { exportRecords, latestCheckpoints } from '../../services/records';
import { withTransaction } from '../../store/db';
import { appendRecord } from '../../store/records';
import { migratedStore } from '../store/migrated-store';

const store = migratedStore();

beforeAll(async () => {
  for (let i = 1; i <= 5; i++) {
    await withTransaction(store.db(), (tx) =>
      appendRecord(tx, { idempotencyKey: `k${i}`, caseRef: 'NC-s', accountId: 'a', action: 'warning', article: '第十九条', actor: 'svc', reason: `r${i}` }),
    );
  }
});

test('records page by page in seq order, each as the export file holds it, until there are no more', async () => {
  const first = await exportRecords({ db: store.db() }, { limit: 2 });
  expect(first.records.map((r) => r.idempotencyKey)).toEqual(['k1', 'k2']);
  expect(first.records[0]).toEqual(expect.objectContaining({ seq: expect.stringMatching(/^\d+$/), at: expect.stringMatching(/Z$/), prevHash: '0'.repeat(64) }));
  const second = await exportRecords({ db: store.db() }, { afterSeq: first.nextAfterSeq, limit: 2 });
  const third = await exportRecords({ db: store.db() }, { afterSeq: second.nextAfterSeq, limit: 2 });
  expect([...second.records, ...third.records].map((r) => r.idempotencyKey)).toEqual(['k3', 'k4', 'k5']);
  expect(third.nextAfterSeq).toBeNull();
});

test.each([
  [{ limit: 0 }, /limit: /],
  [{ limit: 5000 }, /limit: /],
  [{ afterSeq: '-1' }, /afterSeq: must be a decimal sequence number/],
  [{ afterSeq: '1; DROP TABLE records' }, /afterSeq: must be a decimal sequence number/],
  [{ page: 2 }, /page/],
])('a wrong query (%j) is refused naming the field, and nothing is read', async (query, error) => {
  const out = exportRecords({ db: store.db() }, query);
  await expect(out).rejects.toThrow(InvalidInputError);
  await expect(out).rejects.toThrow(error);
});

test('no checkpoint yet: an empty list; a wrong limit is refused', async () => {
  expect(await latestCheckpoints({ db: store.db() }, {})).toEqual([]);
  await expect(latestCheckpoints({ db: store.db() }, { limit: 'all' })).rejects.toThrow(/limit: /);
});
