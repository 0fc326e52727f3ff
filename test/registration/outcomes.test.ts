import { normalizeName, pinyinKey } from '../../rules/names';
import { InvalidInputError } from '../../schemas/errors';
import { registerPublicAccount } from '../../services/registration';
import { RegistrationRefusedError } from '../../services/registration-refused';
import { blacklistSubject } from '../../services/standing';
import { getAccount, getSubject } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { reserveName } from '../../store/reserved-names';
import { PLATFORM, SUPERVISOR } from '../helpers/principals';
import { registrationDriver, type RegistrationDriver } from '../helpers/registration';
import { seedOperators, startStack, type Stack } from '../helpers/stack';

// Registration answered at once (Art. 8 ¶1, 8 ¶3, 9, 10 ¶1): registered, refused with the rule named, or held.
let stack: Stack;
let rg: RegistrationDriver;

beforeAll(async () => {
  stack = await startStack();
  await seedOperators(stack.db);
  await stack.startWorker();
  rg = registrationDriver(stack);
});
afterAll(() => stack?.stop());

/** The refusal a registration ends in, or a failure of the test when it does not. */
async function refusal(p: Promise<unknown>): Promise<RegistrationRefusedError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegistrationRefusedError);
  return err as RegistrationRefusedError;
}

const refusalRecords = async (accountId: string) => (await listRecords(stack.db, { accountId })).filter((r) => r.action === 'refuse_registration');

test('a clean application is registered at once: the account is in the registry with the subject as contact, and recorded', async () => {
  const a = await rg.applicant();
  const answer = await rg.register(a, 'rg-clean', '晨跑日记');
  expect(answer).toMatchObject({ outcome: 'registered', account: { id: 'rg-clean', name: '晨跑日记', subjectId: a.subjectId, contactEmail: a.email, status: 'active' } });
  const records = await listRecords(stack.db, { accountId: 'rg-clean' });
  expect(records.map((r) => r.action)).toEqual(['register_account']);
  expect(records[0]).toMatchObject({ actor: PLATFORM.id, article: '第八条第一款', caseRef: null });
  // No case: nothing to wait for.
  await expect(rg.handle('rg-clean').describe()).rejects.toThrow();
});

test('a subject at its quota is refused, naming the quota rule; nothing registered, the refusal recorded', async () => {
  const a = await rg.applicant();
  await rg.register(a, 'rg-quota-1', '读书笔记甲');
  // The second account of an individual needs a reviewer (Art. 10 ¶1 extra checks): approve it.
  const held = await rg.register(a, 'rg-quota-2', '读书笔记乙');
  expect(held).toMatchObject({ outcome: 'held', findings: [expect.objectContaining({ rule: 'quota', severity: 'review' })] });
  await rg.approve('rg-quota-2');
  expect(await rg.result('rg-quota-2')).toMatchObject({ outcome: 'registered' });

  const err = await refusal(rg.register(a, 'rg-quota-3', '读书笔记丙'));
  expect(err.findings).toEqual([expect.objectContaining({ rule: 'quota', field: 'subject.id', severity: 'refuse' })]);
  expect(err.message).toMatch(/quota/);
  expect(await getAccount(stack.db, 'rg-quota-3')).toBeUndefined();
  expect(await refusalRecords('rg-quota-3')).toEqual([expect.objectContaining({ actor: PLATFORM.id, evidence: expect.objectContaining({ findings: err.findings }) })]);
});

test('a blacklisted subject is refused, naming the blacklist', async () => {
  const a = await rg.applicant();
  await rg.register(a, 'rg-black-1', '城市骑行');
  await blacklistSubject(stack.deps, SUPERVISOR, { subjectId: a.subjectId, reason: '多次发布违法信息' });
  const err = await refusal(rg.register(a, 'rg-black-2', '城市骑行二号'));
  expect(err.findings.map((f) => [f.rule, f.severity])).toContainEqual(['blacklist', 'refuse']);
  expect(await getAccount(stack.db, 'rg-black-2')).toBeUndefined();
  expect(await refusalRecords('rg-black-2')).toHaveLength(1);
});

test('a reserved name is refused; a look-alike of one is held for a reviewer, not let straight through', async () => {
  await reserveName(stack.db, { normalized: normalizeName('老王说车'), pinyinKey: pinyinKey('老王说车'), name: '老王说车', reason: '已注销账号', caseRef: null, accountId: null });
  const a = await rg.applicant();
  const err = await refusal(rg.register(a, 'rg-reserved', '老王说车'));
  expect(err.findings).toEqual([expect.objectContaining({ rule: 'name', field: 'name', severity: 'refuse' })]);

  const b = await rg.applicant();
  const held = await rg.register(b, 'rg-lookalike', '老汪说车');
  expect(held).toMatchObject({ outcome: 'held', caseRef: expect.stringMatching(/^RG-\d{8}-/) });
  expect(held.findings).toEqual([expect.objectContaining({ rule: 'name', field: 'name', severity: 'review' })]);
  expect(await getAccount(stack.db, 'rg-lookalike')).toBeUndefined();
  const state = await rg.state('rg-lookalike');
  expect(state).toMatchObject({ stage: 'under_review', application: { name: '老汪说车', subjectId: b.subjectId } });
  await rg.withdraw('rg-lookalike');
  expect(await rg.result('rg-lookalike')).toMatchObject({ outcome: 'withdrawn' });
});

test('a regulated category without a verified qualification is refused, naming the category', async () => {
  const a = await rg.applicant();
  const err = await refusal(rg.register(a, 'rg-health', '健康科普', { contentCategory: 'health' }));
  expect(err.findings).toEqual([expect.objectContaining({ rule: 'qualification', field: 'contentCategory', severity: 'refuse' })]);
  expect(err.findings[0]!.detail).toContain('health');
  expect(await getAccount(stack.db, 'rg-health')).toBeUndefined();
});

test("a verifier's mismatch is refused with its reason and recorded; a malformed number names the field and changes nothing", async () => {
  const a = await rg.applicant();
  const wrongPhone = rg.body(a, 'rg-phone', '手机不符', { identity: { ...a.identity, phone: '13800000000' } });
  const err = await registerPublicAccount(rg.deps, PLATFORM, wrongPhone).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidInputError);
  expect((err as InvalidInputError).issues).toEqual([{ field: 'identity.phone', rule: expect.any(String) }]);
  expect(await refusalRecords('rg-phone')).toHaveLength(1);

  const b = await rg.applicant();
  const bad = rg.body(b, 'rg-format', '号码错误', { identity: { ...b.identity, number: b.identity.number.slice(0, 17) + (b.identity.number.endsWith('1') ? '2' : '1') } });
  const format = await registerPublicAccount(rg.deps, PLATFORM, bad).catch((e: unknown) => e);
  expect(format).toBeInstanceOf(InvalidInputError);
  expect((format as InvalidInputError).issues).toEqual([expect.objectContaining({ field: 'identity.number' })]);
  expect(await getSubject(stack.db, b.subjectId)).toBeUndefined();
  expect(await listRecords(stack.db, { accountId: 'rg-format' })).toEqual([]);
});
