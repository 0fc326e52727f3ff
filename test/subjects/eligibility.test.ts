import { registerKnownIdentity } from '../../identity/store-verifier';
import type { IdentityVerifier } from '../../identity/verifier';
import { checkEligibility, type EligibilityReport } from '../../services/eligibility';
import { blacklistSubject } from '../../services/standing';
import { recordSubjectIdentity } from '../../services/subjects';
import { submitQualification, verifyQualification } from '../../services/qualifications';
import { insertAccount } from '../../store/accounts';
import { setCreditScore } from '../../store/credit';
import { reserveName } from '../../store/reserved-names';
import { getSubjectIdentity } from '../../store/subject-identities';
import { normalizeName, pinyinKey } from '../../rules/names';
import { organisation, person } from '../helpers/identity';
import { PLATFORM, REVIEWER, SUPERVISOR } from '../helpers/principals';
import { migratedStore } from '../store/migrated-store';
import { knownSubject, subjectDeps } from './fixtures';

// Each finding of the shared eligibility check, against the real store.
const store = migratedStore();
const deps = () => subjectDeps(store.db());
const check = (subjectId: string, accountName: string, contentCategory: 'general' | 'health' = 'general', accountId?: string) =>
  checkEligibility(deps(), { subjectId, accountName, contentCategory, accountId });
const rules = (r: EligibilityReport) => r.findings.map((f) => [f.rule, f.severity, f.field]);
let n = 40;
const fresh = async (id: string) => knownSubject(store.db(), id, person(n++));
const account = (id: string, subjectId: string, name = `账号${id}`) => insertAccount(store.db(), { id, subjectId, name, contactEmail: `${id}@users.example` });

test('a verified, unlisted subject with no accounts and a plain name goes straight through', async () => {
  await fresh('el-ok');
  expect(await check('el-ok', '晨跑日记')).toEqual({ ok: true, needsReview: false, findings: [] });
});

test('identity: no subject, no identity on record, or one the verifier now refuses', async () => {
  expect(rules(await check('el-nobody', '晨跑日记'))).toEqual([['identity', 'refuse', 'subjectId']]);
  await store.db().query(`INSERT INTO subjects (id, kind, display_name) VALUES ('el-bare', 'individual', '无名')`);
  expect(rules(await check('el-bare', '晨跑日记'))).toEqual([['identity', 'refuse', 'subjectId']]);

  // Recorded while the verifier was down: asked again now; the register does not know it.
  const down: IdentityVerifier = { source: 'http', verify: async () => ({ ok: false, code: 'unavailable', reason: 'down' }) };
  const claim = person(n++);
  await recordSubjectIdentity({ ...deps(), verifier: down }, PLATFORM, { subject: { id: 'el-later', kind: 'individual', displayName: claim.name }, identity: claim, contactEmail: 'l@users.example' });
  const refused = await check('el-later', '晨跑日记');
  expect(refused.findings).toEqual([expect.objectContaining({ rule: 'identity', severity: 'refuse', detail: expect.stringContaining('unknown_number') })]);
  // Once the register knows it, the check verifies it and records that it did.
  await registerKnownIdentity(store.db(), deps().vault, claim);
  expect(await check('el-later', '晨跑日记')).toMatchObject({ ok: true });
  expect(await getSubjectIdentity(store.db(), 'el-later')).toMatchObject({ verifiedBy: 'store', verifiedAt: expect.any(Date) });
});

test('blacklist: a listed subject is refused', async () => {
  await fresh('el-black');
  await blacklistSubject({ db: store.db() }, SUPERVISOR, { subjectId: 'el-black', reason: '违规' });
  expect(rules(await check('el-black', '晨跑日记'))).toEqual([['blacklist', 'refuse', 'subjectId']]);
});

test('quota: a second account needs review (Art. 10 ¶1), the third of an individual is refused; the account changing hands does not count', async () => {
  await fresh('el-quota');
  await account('el-q1', 'el-quota');
  expect(await check('el-quota', '晨跑日记二')).toMatchObject({ ok: true, needsReview: true, findings: [expect.objectContaining({ rule: 'quota', severity: 'review' })] });
  await account('el-q2', 'el-quota');
  expect(rules(await check('el-quota', '晨跑日记三'))).toEqual([['quota', 'refuse', 'subjectId']]);
  expect(rules(await check('el-quota', '账号el-q2', 'general', 'el-q2'))).toEqual([['quota', 'review', 'subjectId']]);
  // An organisation may hold five.
  await knownSubject(store.db(), 'el-org', organisation(1, '晨光科技有限公司'));
  for (const i of [1, 2, 3, 4]) await account(`el-o${i}`, 'el-org');
  expect(rules(await check('el-org', '晨光科技有限公司五号'))).toEqual([['quota', 'review', 'subjectId']]);
});

test('credit: below the lowest tier allowed (C) is refused', async () => {
  await fresh('el-credit');
  await setCreditScore(store.db(), 'el-credit', 80);
  expect((await check('el-credit', '晨跑日记')).ok).toBe(true);
  await setCreditScore(store.db(), 'el-credit', 79);
  expect(rules(await check('el-credit', '晨跑日记'))).toEqual([['credit', 'refuse', 'subjectId']]);
});

test('qualification: a regulated category without a verified qualification is refused, naming the category', async () => {
  await fresh('el-qual');
  const report = await check('el-qual', '健康小课堂', 'health');
  expect(report.findings).toEqual([expect.objectContaining({ rule: 'qualification', severity: 'refuse', field: 'contentCategory', detail: expect.stringContaining('health') })]);
  const q = await submitQualification(deps(), PLATFORM, { subjectId: 'el-qual', category: 'health', materials: [{ documentKind: 'practising_certificate', issuer: '卫健委', files: ['docs://1'] }] });
  await verifyQualification(deps(), REVIEWER, { qualificationId: q.id, decision: 'verify', reason: 'ok', expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  expect(await check('el-qual', '健康小课堂', 'health')).toMatchObject({ ok: true, findings: [] });
});

test('name: a reserved name refuses; a look-alike of one and a protected word need review; another account of that name refuses', async () => {
  await fresh('el-name');
  await reserveName(store.db(), { name: '老王说车', normalized: normalizeName('老王说车'), pinyinKey: pinyinKey('老王说车'), reason: '注销', caseRef: null, accountId: null });
  expect(rules(await check('el-name', '老王说车'))).toEqual([['name', 'refuse', 'accountName']]);
  expect(await check('el-name', '老王說车')).toMatchObject({ ok: false }); // the traditional form is the same name
  expect(await check('el-name', '老汪说车')).toMatchObject({ ok: true, needsReview: true, findings: [expect.objectContaining({ rule: 'name', severity: 'review' })] });
  expect(await check('el-name', '国务院观察')).toMatchObject({ ok: true, needsReview: true, findings: [expect.objectContaining({ rule: 'name', detail: expect.stringContaining('国务院') })] });
  await fresh('el-name-2');
  await account('el-taken', 'el-name-2', '晨跑日记本');
  expect(rules(await check('el-name', '晨跑日记本'))).toEqual([['name', 'refuse', 'accountName']]);
  // The account changing hands keeps its own name.
  expect(rules(await check('el-name', '晨跑日记本', 'general', 'el-taken'))).toEqual([]);
});

test("name against identity: an individual's institutional name, an organisation naming another, need review", async () => {
  await fresh('el-ni');
  expect(rules(await check('el-ni', '城南人民医院'))).toEqual([['name_identity', 'review', 'accountName']]);
  await knownSubject(store.db(), 'el-ni-org', organisation(2, '晨光科技有限公司'));
  expect(rules(await check('el-ni-org', '晨光科技有限公司官方号'))).toEqual([['name', 'review', 'accountName']]); // 官方 is a protected word
  expect(rules(await check('el-ni-org', '晨光科技有限公司'))).toEqual([]);
  expect(rules(await check('el-ni-org', '远大银行资讯'))).toEqual([['name_identity', 'review', 'accountName']]);
});
