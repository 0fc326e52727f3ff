import { createNameCheckActivities } from '../../activities/name-checks';
import type { Mailer } from '../../mail/mailer';
import { DEFAULT_POLICY } from '../../policy/default-policy';
import { parsePolicy } from '../../policy/policy';
import { checkProfile } from '../../rules/check-profile';
import { normalizeName, pinyinKey } from '../../rules/names';
import { findReservedMatches, reserveName } from '../../store/reserved-names';
import { migratedStore } from './migrated-store';

describe('reserved names', () => {
  const store = migratedStore();
  const protectedWords = DEFAULT_POLICY.names.protectedWords;

  const reserve = (name: string, caseRef: string) =>
    reserveName(store.db(), {
      normalized: normalizeName(name),
      pinyinKey: pinyinKey(name),
      name,
      reason: '拒不改正，终止服务',
      caseRef,
      accountId: `acc-${caseRef}`,
    });
  const matches = (name: string) => findReservedMatches(store.db(), normalizeName(name), pinyinKey(name));
  const check = async (name: string) => checkProfile({ name }, protectedWords, await matches(name));

  beforeAll(async () => {
    await reserve('老王说车', 'NC-1');
    await reserve('峰哥讲历史', 'NC-2');
    await reserve('团团美食', 'NC-3');
    await reserve('王', 'NC-4'); // one character: blocks only itself
    await reserve('100%_纯', 'NC-5'); // % and _ in a stored name are no wildcards
  });

  test('a reserved name inside a longer one is found and refused', async () => {
    expect((await matches('我是老王说车粉丝')).map((m) => m.name)).toEqual(['老王说车']);
    expect(await check('我是老王说车粉丝')).toEqual([expect.objectContaining({ rule: 'reserved_name', blocking: true })]);
    expect(await check('LWSC老王説車')).toEqual([expect.objectContaining({ rule: 'reserved_name', blocking: true })]);
  });

  test('a look-alike or variant form of a reserved name is found and refused', async () => {
    expect((await matches('峯哥讲历史')).map((m) => m.name)).toEqual(['峰哥讲历史']);
    expect(await check('峯哥讲历史')).toEqual([expect.objectContaining({ rule: 'reserved_name', blocking: true })]);
    expect(await check('団団美食家')).toEqual([expect.objectContaining({ rule: 'reserved_name', blocking: true })]);
  });

  test('a name with the sound of a reserved one inside goes to the reviewer', async () => {
    expect(await check('我爱老王硕车')).toEqual([expect.objectContaining({ rule: 'similar_to_reserved_name', blocking: false })]);
  });

  test('ordinary names that share characters with reserved ones are not found', async () => {
    for (const name of ['小李说车', '王家厨房', '山峰摄影', '团购小助手', '历史老王', '100分纯享']) {
      expect({ name, matches: await matches(name) }).toEqual({ name, matches: [] });
      expect(await check(name)).toEqual([]);
    }
    expect((await matches('王')).map((m) => m.name)).toEqual(['王']);
  });

  test('the activity runs the same checks against the store', async () => {
    const { checkProposedProfile } = createNameCheckActivities({ db: store.db(), policy: parsePolicy({}), mailer: {} as Mailer });
    expect(await checkProposedProfile({ profile: { name: '关注老王說车', bio: '汽车评测' } })).toEqual([
      expect.objectContaining({ field: 'name', rule: 'reserved_name', blocking: true }),
    ]);
    expect(await checkProposedProfile({ profile: { name: '小李说车', bio: '汽车评测' } })).toEqual([]);
  });
});
