// Cases that end restored: the correction approved, also after rejections; the UI's queue follows the stage.
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { getNameCorrection, reviewNameCorrection, submitNameCorrection } from '../../services/name-correction';
import { caseWorkflowId } from '../../workflows/case/ids';
import { CaseStage } from '../../workflows/search-attributes';
import { eventually } from '../helpers/wait';
import { nameCorrectionStack } from '../helpers/name-correction';
import { seedAccount } from '../helpers/stack';
import { principal, PLATFORM } from '../helpers/principals';

const nameCorrectionWorkflowId = (accountId: string) => caseWorkflowId('name-correction', accountId);
const t = nameCorrectionStack();

test('corrected and approved: the new profile applies, service is restored, every step recorded and mailed', async () => {
  const { accountId, email } = await seedAccount(t.stack.db, 'acc-approve', '国务院发布');
  const opened = await t.nc.open(accountId);
  expect(opened.created).toBe(true);
  expect(opened.caseRef).toMatch(/^NC-\d{8}-[A-Z0-9]{8}$/);

  const notice = await t.stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'opened');
  expect((await getAccount(t.stack.db, accountId))!.status).toBe('suspended');
  const state = await getNameCorrection(t.stack.deps, accountId);
  expect(notice.subject).toContain(opened.caseRef);
  expect(notice.text).toContain(opened.caseRef);
  // The deadline is stated in Beijing time, seven days on.
  const deadline = new Date(state.deadline!.at);
  expect(deadline.getTime() - Date.parse(state.openedAt)).toBe(7 * 86_400_000);
  const beijing = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric' }).format(deadline);
  expect(notice.text).toContain(beijing);

  const sub = await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '老张说事', bio: '分享日常' } });
  expect(sub).toMatchObject({ submissionNo: 1, passed: true, stage: 'under_review' });

  await reviewNameCorrection(t.stack.deps, principal('reviewer-li'), accountId, { reason: '名称合规', submissionNo: 1, decision: 'approve' });
  expect(await t.nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'restored', caseRef: opened.caseRef });

  const account = await getAccount(t.stack.db, accountId);
  expect(account).toMatchObject({ status: 'active', name: '老张说事', bio: '分享日常' });
  const actions = (await listRecords(t.stack.db, { caseRef: opened.caseRef })).map((r) => `${r.action}:${r.actor}`);
  expect(actions).toEqual([
    'suspend_service:content-risk-service',
    'approve_correction:reviewer-li',
    'apply_profile:reviewer-li',
    'restore_service:reviewer-li',
  ]);
  await t.stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'restored');
  await expect(submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '再改一次' } })).rejects.toThrow(
    /submitCorrection for account acc-approve: no open case/,
  );
});

test('rejected, then corrected again: the automatic checks and the reviewer may reject while time remains', async () => {
  const { accountId, email } = await seedAccount(t.stack.db, 'acc-retry', '中央新闻');
  const { caseRef } = await t.nc.open(accountId);

  // A protected word (in traditional characters) fails the automatic check: no reviewer needed.
  const first = await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '國務院觀察' } });
  expect(first).toMatchObject({ submissionNo: 1, passed: false, stage: 'awaiting_correction' });
  expect(first.findings[0]).toMatchObject({ field: 'name', rule: 'protected_word', blocking: true });

  const second = await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '老李观察' } });
  expect(second).toMatchObject({ submissionNo: 2, passed: true, stage: 'under_review' });
  await reviewNameCorrection(t.stack.deps, principal('reviewer-li'), accountId, { reason: '与实名主体不符', submissionNo: 2, decision: 'reject' });
  const rejected = await t.stack.sink.waitFor((m) => m.to.includes(email) && m.subject.includes('第 2 次改正未通过'));
  expect(rejected.text).toContain('与实名主体不符');

  const third = await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '李四的日常' } });
  expect(third).toMatchObject({ submissionNo: 3, passed: true });
  await reviewNameCorrection(t.stack.deps, principal('reviewer-li'), accountId, { reason: '合规', submissionNo: 3, decision: 'approve' });
  expect(await t.nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'restored', submissions: 3 });
  expect(await getAccount(t.stack.db, accountId)).toMatchObject({ status: 'active', name: '李四的日常' });

  const state = await getNameCorrection(t.stack.deps, accountId);
  expect(state.submissions.map((s) => [s.no, s.passed, s.review?.decision])).toEqual([
    [1, false, undefined],
    [2, true, 'reject'],
    [3, true, 'approve'],
  ]);
  const kinds = t.stack.sink.messages().filter((m) => m.headers['x-case-ref'] === caseRef).map((m) => m.headers['x-notice-kind']);
  expect(kinds).toEqual(['opened', 'correction_rejected', 'correction_rejected', 'restored']);
  expect((await listRecords(t.stack.db, { caseRef })).map((r) => `${r.action}:${r.actor}`)).toEqual([
    'suspend_service:content-risk-service',
    'reject_correction_automatically:system',
    'reject_correction:reviewer-li',
    'approve_correction:reviewer-li',
    'apply_profile:reviewer-li',
    'restore_service:reviewer-li',
  ]);
});

test('the Temporal UI lists cases by account, kind, stage and deadline', async () => {
  const { accountId } = await seedAccount(t.stack.db, 'acc-queue', '外交部动态');
  const { caseRef } = await t.nc.open(accountId);
  await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '外语学习角' } });
  await eventually(async () => {
    const found = [];
    const query = `CaseKind = "name-correction" AND CaseStage = "under_review" AND AccountId = "${accountId}" AND DeadlineAt > "${new Date().toISOString()}"`;
    for await (const wf of t.stack.client.workflow.list({ query })) found.push(wf.searchAttributes);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ CaseRef: [caseRef] });
  });
  await reviewNameCorrection(t.stack.deps, principal('supervisor-wang'), accountId, { reason: '合规', submissionNo: 1, decision: 'approve' });
  await t.nc.result(accountId, `name-correction.signed.${accountId}`);
  await eventually(async () => {
    const desc = await t.stack.client.workflow.getHandle(nameCorrectionWorkflowId(accountId)).describe();
    expect(desc.typedSearchAttributes.get(CaseStage)).toBe('restored');
  });
});
