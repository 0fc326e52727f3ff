import { applyProfile, ensureAccount, ensureSubject, getAccount, insertAccount, updateAccountFields, upsertSubject } from '../../store/accounts';
import { withTransaction } from '../../store/db';
import { imposeMeasure } from '../../store/measures';
import { findSentNotice, listNotices, markNoticeSent } from '../../store/notices';
import { listActiveOperators, upsertOperator } from '../../store/operators';
import { findReservedMatches, reserveName } from '../../store/reserved-names';
import { normalizeName, pinyinKey } from '../../rules/names';
import { migratedStore } from './migrated-store';

describe('registry and notices', () => {
  const store = migratedStore();

  describe('accounts', () => {
    test('an account reads back as registered, active with no measures; an existing id is refused; an unknown id reads as undefined', async () => {
      const db = store.db();
      await upsertSubject(db, { id: 'subj-zhang', kind: 'individual', displayName: '张三' });
      await insertAccount(db, { id: 'acc-rt', subjectId: 'subj-zhang', name: '张三的政策笔记📚', bio: '', contactEmail: 'zhang@users.example' });
      expect(await getAccount(db, 'acc-rt')).toEqual({
        id: 'acc-rt',
        subjectId: 'subj-zhang',
        name: '张三的政策笔记📚',
        avatarUrl: null,
        bio: '',
        contactEmail: 'zhang@users.example',
        contentCategory: 'general',
        status: 'active',
      });

      await upsertSubject(db, { id: 'subj-media', kind: 'organisation', displayName: '某某传媒有限公司' });
      await expect(
        insertAccount(db, { id: 'acc-rt', subjectId: 'subj-media', name: '某某传媒', contactEmail: 'media@users.example' }),
      ).rejects.toThrow(/accounts_pkey/);
      expect(await getAccount(db, 'acc-rt')).toMatchObject({ subjectId: 'subj-zhang', name: '张三的政策笔记📚' });
      expect(await getAccount(db, 'acc-none')).toBeUndefined();
    });

    test('ensureAccount inserts when absent and otherwise changes nothing; updateAccountFields writes only the fields given', async () => {
      const db = store.db();
      expect(await ensureSubject(db, { id: 'subj-e', kind: 'individual', displayName: '赵六' })).toBe(true);
      expect(await ensureSubject(db, { id: 'subj-e', kind: 'organisation', displayName: '别的' })).toBe(false);
      const e = { id: 'acc-e', subjectId: 'subj-e', name: '赵六的厨房', contactEmail: 'e@users.example', contentCategory: 'health' as const };
      expect(await ensureAccount(db, e)).toBe(true);
      expect(await updateAccountFields(db, 'acc-e', { name: '赵六做饭', avatarUrl: 'https://cdn.example/e.png' })).toBe(true);
      expect(await ensureAccount(db, { ...e, name: '又一个名字' })).toBe(false);
      expect(await getAccount(db, 'acc-e')).toMatchObject({
        name: '赵六做饭',
        avatarUrl: 'https://cdn.example/e.png',
        contactEmail: 'e@users.example',
        contentCategory: 'health',
      });
      expect((await db.query('SELECT kind, display_name FROM subjects WHERE id = $1', ['subj-e'])).rows).toEqual([{ kind: 'individual', display_name: '赵六' }]);
      expect(await updateAccountFields(db, 'acc-none', { bio: 'x' })).toBe(false);
    });

    test('an account belongs to a known subject; content categories and subject kinds outside the list are refused', async () => {
      const db = store.db();
      await expect(
        insertAccount(db, { id: 'acc-orphan', subjectId: 'subj-none', name: '无主账号', bio: '', contactEmail: 'x@users.example' }),
      ).rejects.toThrow(/accounts_subject_id_fkey/);
      expect(await getAccount(db, 'acc-orphan')).toBeUndefined();

      await upsertSubject(db, { id: 'subj-c', kind: 'individual', displayName: '李四' });
      await insertAccount(db, { id: 'acc-c', subjectId: 'subj-c', name: '李四', bio: '', contactEmail: 'li@users.example' });
      await expect(updateAccountFields(db, 'acc-c', { contentCategory: 'gossip' as never })).rejects.toThrow(/accounts_content_category_check/);
      expect(await getAccount(db, 'acc-c')).toMatchObject({ contentCategory: 'general', status: 'active' });
      await expect(upsertSubject(db, { id: 'subj-bad', kind: 'company' as never, displayName: '公司' })).rejects.toThrow(/subjects_kind_check/);
    });

    test('applying a profile writes the fields it names and keeps the others; the status follows the measures', async () => {
      const db = store.db();
      await upsertSubject(db, { id: 'subj-p', kind: 'individual', displayName: '王五' });
      await insertAccount(db, { id: 'acc-p', subjectId: 'subj-p', name: '国务院发布', avatarUrl: 'https://cdn.example/old.png', bio: '旧简介', contactEmail: 'p@users.example' });

      await applyProfile(db, 'acc-p', { name: '老王说事' });
      expect(await getAccount(db, 'acc-p')).toMatchObject({ name: '老王说事', avatarUrl: 'https://cdn.example/old.png', bio: '旧简介' });
      await applyProfile(db, 'acc-p', { bio: '分享日常', avatarUrl: 'https://cdn.example/new.png' });
      expect(await getAccount(db, 'acc-p')).toMatchObject({ name: '老王说事', avatarUrl: 'https://cdn.example/new.png', bio: '分享日常' });
      // An empty bio is a value, not an absence.
      await applyProfile(db, 'acc-p', { bio: '' });
      expect(await getAccount(db, 'acc-p')).toMatchObject({ name: '老王说事', bio: '' });

      const impose = (kind: 'suspend_service' | 'terminate_service') =>
        withTransaction(db, (tx) => imposeMeasure(tx, { accountId: 'acc-p', kind, caseRef: 'NC-p', article: 'Art. 8', imposedBy: 'test', reason: kind }));
      await impose('suspend_service');
      expect((await getAccount(db, 'acc-p'))!.status).toBe('suspended');
      await impose('terminate_service');
      expect(await getAccount(db, 'acc-p')).toMatchObject({ status: 'terminated', name: '老王说事', contactEmail: 'p@users.example' });
    });
  });

  test('operators: the roster lists the active ones by id with their roles; the newest write wins', async () => {
    const db = store.db();
    await upsertOperator(db, { id: 'supervisor-wang', displayName: '王主管', roles: ['supervisor', 'reviewer'] });
    await upsertOperator(db, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'] });
    await upsertOperator(db, { id: 'reviewer-li', displayName: '李审核', roles: ['reviewer'] });
    expect(await listActiveOperators(db)).toEqual([
      { id: 'reviewer-li', displayName: '李审核', roles: ['reviewer'], active: true },
      { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'], active: true },
      { id: 'supervisor-wang', displayName: '王主管', roles: ['supervisor', 'reviewer'], active: true },
    ]);

    await upsertOperator(db, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'], active: false });
    await upsertOperator(db, { id: 'reviewer-li', displayName: '李主管', roles: ['reviewer', 'supervisor'] });
    expect(await listActiveOperators(db)).toEqual([
      { id: 'reviewer-li', displayName: '李主管', roles: ['reviewer', 'supervisor'], active: true },
      { id: 'supervisor-wang', displayName: '王主管', roles: ['supervisor', 'reviewer'], active: true },
    ]);
    // Reactivated, the operator is back.
    await upsertOperator(db, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'] });
    expect((await listActiveOperators(db)).map((o) => o.id)).toEqual(['reviewer-li', 'reviewer-zhao', 'supervisor-wang']);
  });

  test('reserved names: found by normalised form or by sound; reserving again keeps the first reservation', async () => {
    const db = store.db();
    const reserve = (name: string, reason: string, caseRef: string) =>
      reserveName(db, { normalized: normalizeName(name), pinyinKey: pinyinKey(name), name, reason, caseRef, accountId: 'acc-gone' });
    await reserve('人民政府之声', '拒不改正，终止服务', 'NC-1');
    await reserve('人民政府之声', '再次保留', 'NC-2');

    const first = { name: '人民政府之声', reason: '拒不改正，终止服务', caseRef: 'NC-1', accountId: 'acc-gone' };
    // The same name in traditional characters normalises to the reserved one.
    expect(await findReservedMatches(db, normalizeName('人民政府之聲'), pinyinKey('人民政府之聲'))).toEqual([expect.objectContaining(first)]);
    // A name spelt with other characters that sound the same is found by its pinyin key.
    const soundAlike = '人民正府之声';
    expect(normalizeName(soundAlike)).not.toBe(normalizeName('人民政府之声'));
    expect(await findReservedMatches(db, normalizeName(soundAlike), pinyinKey(soundAlike))).toEqual([expect.objectContaining(first)]);
    expect(await findReservedMatches(db, normalizeName('老张说事'), pinyinKey('老张说事'))).toEqual([]);
  });

  test('notices: a sent notice is found by its key, marking it again keeps the first, a case lists its notices in order', async () => {
    const db = store.db();
    const notice = (key: string, kind: string, messageId: string) => ({ idempotencyKey: key, caseRef: 'NC-n', accountId: 'acc-n', kind, messageId });
    await markNoticeSent(db, notice('NC-n:opened', 'opened', '<opened@notices.compliance>'));
    await new Promise((r) => setTimeout(r, 5));
    await markNoticeSent(db, notice('NC-n:restored', 'restored', '<restored@notices.compliance>'));
    await markNoticeSent(db, notice('NC-n:opened', 'opened', '<a-second-send@notices.compliance>'));
    await markNoticeSent(db, { ...notice('NC-other:opened', 'opened', '<other@notices.compliance>'), caseRef: 'NC-other' });

    const opened = await findSentNotice(db, 'NC-n:opened');
    expect(opened).toMatchObject({ caseRef: 'NC-n', accountId: 'acc-n', kind: 'opened', messageId: '<opened@notices.compliance>' });
    expect(opened!.sentAt).toBeInstanceOf(Date);
    expect(await findSentNotice(db, 'NC-n:withdrawn')).toBeUndefined();
    expect((await listNotices(db, 'NC-n')).map((n) => [n.kind, n.messageId])).toEqual([
      ['opened', '<opened@notices.compliance>'],
      ['restored', '<restored@notices.compliance>'],
    ]);
  });
});
