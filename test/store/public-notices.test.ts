import { insertPublicNotice, listPublicNotices } from '../../store/public-notices';
import { migratedStore } from './migrated-store';

// Public notices are published once and never edited or taken back: the app role (workers, the API)
// may insert and read them, and nothing else.
describe('public notices under the app role', () => {
  const store = migratedStore();

  test('published, then read newest first; UPDATE, DELETE and TRUNCATE refused; the notice as written', async () => {
    const db = store.db();
    await insertPublicNotice(db, { kind: 'transfer_pending', accountId: 'acc-pn', caseRef: 'AT-1', title: '公示一', body: '正文一', recordSeq: '101' });
    await insertPublicNotice(db, { kind: 'subject_changed', accountId: 'acc-pn', caseRef: 'AT-1', title: '公示二', body: '正文二', recordSeq: '102' });
    const before = await listPublicNotices(db, { accountId: 'acc-pn' });
    expect(before.map((n) => n.title)).toEqual(['公示二', '公示一']);
    for (const sql of ["UPDATE public_notices SET body = '改写'", 'DELETE FROM public_notices', 'TRUNCATE public_notices']) {
      await expect(db.query(sql)).rejects.toThrow(/permission denied for table public_notices/);
    }
    // One notice per record: the same record cannot publish twice.
    await expect(insertPublicNotice(db, { kind: 'subject_changed', accountId: 'acc-pn', caseRef: 'AT-1', title: '重复', body: '重复', recordSeq: '102' })).rejects.toThrow(/duplicate key/);
    expect(await listPublicNotices(db, { accountId: 'acc-pn' })).toEqual(before);
  });
});
