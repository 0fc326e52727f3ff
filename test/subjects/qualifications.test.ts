import { getAccountView } from '../../services/accounts';
import { AccessDeniedError, StateConflictError } from '../../services/errors';
import { accountBadge, listQualifications, submitQualification, verifyQualification, withdrawQualification } from '../../services/qualifications';
import { insertAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { person } from '../helpers/identity';
import { PLATFORM, REVIEWER, SUPERVISOR } from '../helpers/principals';
import { migratedStore } from '../store/migrated-store';
import { knownSubject, subjectDeps } from './fixtures';

const store = migratedStore();
const deps = () => subjectDeps(store.db());
const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const MATERIALS = [{ documentKind: 'practising_certificate', issuer: '北京市卫生健康委员会', certificateNumber: '110110000123456', files: ['docs://licences/123.pdf'] }];

beforeAll(async () => {
  await knownSubject(store.db(), 'subj-q', person(31));
  await insertAccount(store.db(), { id: 'q-health', subjectId: 'subj-q', name: '李医生说健康', contactEmail: 'q@users.example', contentCategory: 'health' });
  await insertAccount(store.db(), { id: 'q-news', subjectId: 'subj-q', name: '李医生随笔', contactEmail: 'q2@users.example', contentCategory: 'news' });
});

test('submitted, verified by a reviewer: the badge shows on the regulated account only; withdrawn: it goes; each step a record', async () => {
  const q = await submitQualification(deps(), PLATFORM, { subjectId: 'subj-q', category: 'health', materials: MATERIALS });
  expect(q).toMatchObject({ status: 'pending', submittedBy: PLATFORM.id });
  // The practising certificate names a person: kept as hash and mask only.
  expect(JSON.stringify(q.materials)).not.toContain('110110000123456');
  expect(q.materials[0]).toMatchObject({ certificateNumberMasked: '11*********3456' });
  expect(await accountBadge(store.db(), 'q-health')).toEqual({ badge: false, category: 'health' });

  const expiresAt = inDays(365);
  const verified = await verifyQualification(deps(), REVIEWER, { qualificationId: q.id, decision: 'verify', reason: '执业证书核验无误', expiresAt });
  expect(verified).toMatchObject({ status: 'verified', decidedBy: REVIEWER.id, expiresAt: new Date(expiresAt) });
  expect(await accountBadge(store.db(), 'q-health')).toEqual({ badge: true, category: 'health', expiresAt: new Date(expiresAt) });
  expect(await accountBadge(store.db(), 'q-news')).toEqual({ badge: false, category: 'news' });
  expect((await getAccountView(deps(), 'q-health'))!.badge).toMatchObject({ badge: true });

  await expect(verifyQualification(deps(), SUPERVISOR, { qualificationId: q.id, decision: 'reject', reason: '再审' })).rejects.toBeInstanceOf(StateConflictError);
  await expect(withdrawQualification(deps(), REVIEWER, { qualificationId: q.id, reason: '证书吊销' })).rejects.toBeInstanceOf(AccessDeniedError);
  await withdrawQualification(deps(), SUPERVISOR, { qualificationId: q.id, reason: '证书吊销' });
  expect(await accountBadge(store.db(), 'q-health')).toEqual({ badge: false, category: 'health' });

  const records = (await listRecords(store.db())).filter((r) => r.evidence.qualificationId === q.id || (r.action === 'qualification_submitted' && r.evidence.subjectId === 'subj-q'));
  expect(records.map((r) => [r.action, r.article])).toEqual([
    ['qualification_submitted', '第九条'],
    ['qualification_verified', '第九条'],
    ['qualification_withdrawn', '第九条'],
  ]);
  expect(records[1]!.evidence).toMatchObject({ badge: 'granted' });
  expect((await listQualifications(deps(), REVIEWER, 'subj-q')).map((x) => x.status)).toContain('withdrawn');
});

test('an expired qualification gives no badge', async () => {
  const q = await submitQualification(deps(), PLATFORM, { subjectId: 'subj-q', category: 'health', materials: MATERIALS });
  await verifyQualification(deps(), REVIEWER, { qualificationId: q.id, decision: 'verify', reason: 'ok', expiresAt: inDays(2) });
  expect((await accountBadge(store.db(), 'q-health'))!.badge).toBe(true);
  await store.ownerDb().query(`UPDATE subject_qualifications SET expires_at = now() - interval '1 minute' WHERE id = $1`, [q.id]);
  expect((await accountBadge(store.db(), 'q-health'))!.badge).toBe(false);
});

test('the decision: not by the submitter, an expiry in the future and within 5 years, required to verify and absent from a rejection', async () => {
  const q = await submitQualification(deps(), PLATFORM, { subjectId: 'subj-q', category: 'economy', materials: MATERIALS });
  const decide = (body: Record<string, unknown>, by = REVIEWER) => verifyQualification(deps(), by, { qualificationId: q.id, reason: '核验', ...body });
  await expect(decide({ decision: 'verify' })).rejects.toMatchObject({ issues: [{ field: 'expiresAt', rule: expect.stringContaining('is required to verify') }] });
  await expect(decide({ decision: 'verify', expiresAt: inDays(-1) })).rejects.toMatchObject({ issues: [{ field: 'expiresAt', rule: 'must be in the future' }] });
  await expect(decide({ decision: 'verify', expiresAt: inDays(6 * 366) })).rejects.toMatchObject({ issues: [{ field: 'expiresAt', rule: 'must be at most 5 years ahead' }] });
  await expect(decide({ decision: 'reject', expiresAt: inDays(10) })).rejects.toMatchObject({ issues: [{ field: 'expiresAt', rule: 'must be left out of a rejection' }] });
  // A reviewer who also submitted (a person with both roles) may not vouch for their own submission.
  const both = { id: 'reviewer-and-platform', roles: ['platform', 'reviewer'] as ('platform' | 'reviewer')[] };
  const own = await submitQualification(deps(), both, { subjectId: 'subj-q', category: 'economy', materials: MATERIALS });
  await expect(verifyQualification(deps(), both, { qualificationId: own.id, decision: 'verify', reason: 'x', expiresAt: inDays(10) })).rejects.toThrow(/submitted it and may not decide/);
  // Nothing changed.
  expect((await listQualifications(deps(), REVIEWER, 'subj-q')).filter((x) => x.category === 'economy').map((x) => x.status)).toEqual(['pending', 'pending']);
  await expect(decide({ decision: 'reject' })).resolves.toMatchObject({ status: 'rejected', expiresAt: null });
});

test('materials are checked at the door: the category must be regulated, files named, certificate numbers well formed', async () => {
  const submit = (body: Record<string, unknown>) => submitQualification(deps(), PLATFORM, { subjectId: 'subj-q', category: 'health', materials: MATERIALS, ...body });
  await expect(submit({ category: 'news' })).rejects.toMatchObject({ issues: [{ field: 'category', rule: expect.stringContaining('economy, education, health, judicial') }] });
  await expect(submit({ materials: [] })).rejects.toMatchObject({ issues: [{ field: 'materials', rule: 'must hold at least one document' }] });
  await expect(submit({ materials: [{ ...MATERIALS[0], files: [] }] })).rejects.toMatchObject({ issues: [{ field: 'materials.0.files', rule: 'must name at least one file' }] });
  await expect(submit({ materials: [{ ...MATERIALS[0], certificateNumber: '<script>' }] })).rejects.toMatchObject({ issues: [{ field: 'materials.0.certificateNumber', rule: expect.stringContaining('4–40') }] });
  await expect(submit({ subjectId: 'nobody' })).rejects.toThrow(/no subject "nobody"/);
  await expect(submitQualification(deps(), REVIEWER, { subjectId: 'subj-q', category: 'health', materials: MATERIALS })).rejects.toBeInstanceOf(AccessDeniedError);
});
