import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { extendNameCorrectionDeadline, getNameCorrection, openNameCorrection, refuseNameCorrection, reviewNameCorrection, submitNameCorrection, withdrawNameCorrection } from '../../services/name-correction';
import { caseWorkflowId } from '../../workflows/case/ids';
const nameCorrectionWorkflowId = (accountId: string) => caseWorkflowId('name-correction', accountId);
import { CaseStage, DeadlineAt } from '../../workflows/search-attributes';
import { eventually } from '../helpers/wait';
import { recordHistory } from '../helpers/record-history';
import { setOperator } from '../../services/operators';
import { FINDING, seedAccount, seedOperators, startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  stack = await startStack();
  await seedOperators(stack.db);
  stopWorker = (await stack.startWorker()).stop;
});
afterAll(async () => {
  await stopWorker?.();
  await stack?.stop();
});

async function open(accountId: string) {
  return openNameCorrection(stack.deps, { accountId, findings: [FINDING], openedBy: 'content-risk-service' });
}

async function result(accountId: string) {
  const out = await stack.client.workflow.getHandle(nameCorrectionWorkflowId(accountId)).result();
  await recordHistory(stack.client, nameCorrectionWorkflowId(accountId), `name-correction.${accountId}`);
  return out;
}

test('corrected and approved: the new profile applies, service is restored, every step recorded and mailed', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'acc-approve', '国务院发布');
  const opened = await open(accountId);
  expect(opened.created).toBe(true);
  expect(opened.caseRef).toMatch(/^NC-\d{8}-[A-Z0-9]{8}$/);

  const notice = await stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'opened');
  expect((await getAccount(stack.db, accountId))!.status).toBe('suspended');
  const state = await getNameCorrection(stack.deps, accountId);
  expect(notice.subject).toContain(opened.caseRef);
  expect(notice.text).toContain(opened.caseRef);
  // The deadline is stated in Beijing time, seven days on.
  const deadline = new Date(state.deadline!.at);
  expect(deadline.getTime() - Date.parse(state.openedAt)).toBe(7 * 86_400_000);
  const beijing = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric' }).format(deadline);
  expect(notice.text).toContain(beijing);

  const sub = await submitNameCorrection(stack.deps, accountId, { profile: { name: '老张说事', bio: '分享日常' } });
  expect(sub).toMatchObject({ submissionNo: 1, passed: true, stage: 'under_review' });

  await reviewNameCorrection(stack.deps, accountId, { operatorId: 'reviewer-li', reason: '名称合规', submissionNo: 1, decision: 'approve' });
  expect(await result(accountId)).toMatchObject({ outcome: 'restored', caseRef: opened.caseRef });

  const account = await getAccount(stack.db, accountId);
  expect(account).toMatchObject({ status: 'active', name: '老张说事', bio: '分享日常' });
  const actions = (await listRecords(stack.db, { caseRef: opened.caseRef })).map((r) => `${r.action}:${r.actor}`);
  expect(actions).toEqual([
    'suspend_service:content-risk-service',
    'approve_correction:reviewer-li',
    'apply_profile:reviewer-li',
    'restore_service:reviewer-li',
  ]);
  await stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'restored');
  await expect(submitNameCorrection(stack.deps, accountId, { profile: { name: '再改一次' } })).rejects.toThrow(
    /submitCorrection for account acc-approve: no open case/,
  );
});

test('rejected, then corrected again: the automatic checks and the reviewer may reject while time remains', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'acc-retry', '中央新闻');
  const { caseRef } = await open(accountId);

  // A protected word (in traditional characters) fails the automatic check: no reviewer needed.
  const first = await submitNameCorrection(stack.deps, accountId, { profile: { name: '國務院觀察' } });
  expect(first).toMatchObject({ submissionNo: 1, passed: false, stage: 'awaiting_correction' });
  expect(first.findings[0]).toMatchObject({ field: 'name', rule: 'protected_word', blocking: true });

  const second = await submitNameCorrection(stack.deps, accountId, { profile: { name: '老李观察' } });
  expect(second).toMatchObject({ submissionNo: 2, passed: true, stage: 'under_review' });
  await reviewNameCorrection(stack.deps, accountId, { operatorId: 'reviewer-li', reason: '与实名主体不符', submissionNo: 2, decision: 'reject' });
  const rejected = await stack.sink.waitFor((m) => m.to.includes(email) && m.subject.includes('第 2 次改正未通过'));
  expect(rejected.text).toContain('与实名主体不符');

  const third = await submitNameCorrection(stack.deps, accountId, { profile: { name: '李四的日常' } });
  expect(third).toMatchObject({ submissionNo: 3, passed: true });
  await reviewNameCorrection(stack.deps, accountId, { operatorId: 'reviewer-li', reason: '合规', submissionNo: 3, decision: 'approve' });
  expect(await result(accountId)).toMatchObject({ outcome: 'restored', submissions: 3 });
  expect(await getAccount(stack.db, accountId)).toMatchObject({ status: 'active', name: '李四的日常' });

  const state = await getNameCorrection(stack.deps, accountId);
  expect(state.submissions.map((s) => [s.no, s.passed, s.review?.decision])).toEqual([
    [1, false, undefined],
    [2, true, 'reject'],
    [3, true, 'approve'],
  ]);
  const kinds = stack.sink.messages().filter((m) => m.headers['x-case-ref'] === caseRef).map((m) => m.headers['x-notice-kind']);
  expect(kinds).toEqual(['opened', 'correction_rejected', 'correction_rejected', 'restored']);
  expect((await listRecords(stack.db, { caseRef })).map((r) => `${r.action}:${r.actor}`)).toEqual([
    'suspend_service:content-risk-service',
    'reject_correction_automatically:system',
    'reject_correction:reviewer-li',
    'approve_correction:reviewer-li',
    'apply_profile:reviewer-li',
    'restore_service:reviewer-li',
  ]);
});

test('explicit refusal: service is terminated and the name reserved for good', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'acc-refuse', '人民政府之声');
  const { caseRef } = await open(accountId);
  await refuseNameCorrection(stack.deps, accountId, { statement: '不同意修改' });
  expect(await result(accountId)).toMatchObject({ outcome: 'terminated' });
  expect((await getAccount(stack.db, accountId))!.status).toBe('terminated');
  const actions = (await listRecords(stack.db, { caseRef })).map((r) => r.action);
  expect(actions).toEqual(['suspend_service', 'refuse_correction', 'terminate_service', 'reserve_name']);
  const notice = await stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'terminated');
  expect(notice.text).toContain('您拒绝改正');

  // The reserved name, even in traditional characters, is refused to the next account that tries it.
  const other = await seedAccount(stack.db, 'acc-refuse-next', '国务院之友');
  await open(other.accountId);
  const attempt = await submitNameCorrection(stack.deps, other.accountId, { profile: { name: '人民政府之聲' } });
  expect(attempt.findings.map((f) => f.rule)).toContain('reserved_name');
  expect(attempt.passed).toBe(false);
  // A terminated account cannot be opened again.
  await expect(open(accountId)).rejects.toThrow(/accountId: account "acc-refuse" is terminated/);
});

test('extension: a supervisor moves the deadline with a reason; a reviewer may not; the user is told', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'acc-extend', '官方资讯');
  const { caseRef } = await open(accountId);
  const before = await getNameCorrection(stack.deps, accountId);
  const newDeadline = new Date(Date.parse(before.deadline!.at) + 3 * 86_400_000).toISOString();

  await expect(
    extendNameCorrectionDeadline(stack.deps, accountId, { operatorId: 'reviewer-li', reason: '用户申请', newDeadline }),
  ).rejects.toThrow(/operatorId: "reviewer-li" \(roles: reviewer\) may not extendDeadline; it needs one of: supervisor/);
  await expect(
    extendNameCorrectionDeadline(stack.deps, accountId, { operatorId: 'supervisor-wang', reason: '用户申请', newDeadline: before.deadline!.at }),
  ).rejects.toThrow(/newDeadline: must be later than the current deadline/);
  await expect(
    extendNameCorrectionDeadline(stack.deps, accountId, { operatorId: 'supervisor-wang', reason: '  ', newDeadline }),
  ).rejects.toThrow(/reason: must not be empty/);

  const after = await extendNameCorrectionDeadline(stack.deps, accountId, { operatorId: 'supervisor-wang', reason: '用户申请材料补充时间', newDeadline });
  expect(after.deadline!.at).toBe(newDeadline);
  const notice = await stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'deadline_extended');
  expect(notice.headers['x-deadline']).toBe(newDeadline);
  expect(notice.text).toContain('用户申请材料补充时间');

  // The Temporal UI's work queue shows the new deadline.
  await eventually(async () => {
    const desc = await stack.client.workflow.getHandle(nameCorrectionWorkflowId(accountId)).describe();
    expect(desc.typedSearchAttributes.get(DeadlineAt)?.toISOString()).toBe(newDeadline);
  });
  const decision = (await listRecords(stack.db, { caseRef })).find((r) => r.action === 'extend_deadline');
  expect(decision).toMatchObject({ actor: 'supervisor-wang', reason: '用户申请材料补充时间', evidence: { from: before.deadline!.at, to: newDeadline } });
  await withdrawNameCorrection(stack.deps, accountId, { operatorId: 'supervisor-wang', reason: '测试结束' });
  await result(accountId);
});

test('withdrawal of a false positive restores service and tells the user', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'acc-withdraw', '政府采购观察');
  const { caseRef } = await open(accountId);
  await expect(withdrawNameCorrection(stack.deps, accountId, { operatorId: 'reviewer-li', reason: '误判' })).rejects.toThrow(
    /may not withdrawCase/,
  );
  await withdrawNameCorrection(stack.deps, accountId, { operatorId: 'supervisor-wang', reason: '经核实为企业采购资讯，误判' });
  expect(await result(accountId)).toMatchObject({ outcome: 'withdrawn' });
  expect((await getAccount(stack.db, accountId))!.status).toBe('active');
  expect((await listRecords(stack.db, { caseRef })).map((r) => `${r.action}:${r.actor}`)).toEqual([
    'suspend_service:content-risk-service',
    'withdraw_case:supervisor-wang',
    'restore_service:supervisor-wang',
  ]);
  const notice = await stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'withdrawn');
  expect(notice.text).toContain('经核实为企业采购资讯，误判');
});

test('one open case per account: opening a second returns the first', async () => {
  const { accountId } = await seedAccount(stack.db, 'acc-twice', '央视快讯');
  const first = await open(accountId);
  const second = await open(accountId);
  expect(second).toEqual({ ...first, created: false });
  await eventually(async () => {
    const again = [];
    for await (const wf of stack.client.workflow.list({ query: `AccountId = "${accountId}"` })) again.push(wf.runId);
    expect(again).toHaveLength(1);
  });
  await withdrawNameCorrection(stack.deps, accountId, { operatorId: 'supervisor-wang', reason: '测试结束' });
  await result(accountId);
});

test('invalid input gets an error naming the field and the rule, and starts nothing', async () => {
  await seedAccount(stack.db, 'acc-valid', '公安之窗');
  const cases: [unknown, RegExp][] = [
    [{ accountId: 'no-such-account', findings: [FINDING], openedBy: 'svc' }, /accountId: no account "no-such-account" in the registry/],
    [{ accountId: 'acc valid!', findings: [FINDING], openedBy: 'svc' }, /accountId: must be 1–64 letters/],
    [{ accountId: 'acc-valid', findings: [], openedBy: 'svc' }, /findings: must name at least one failed field/],
    [{ accountId: 'acc-valid', findings: [{ ...FINDING, ground: 'looks-bad' }], openedBy: 'svc' }, /findings\.0\.ground: /],
    [{ accountId: 'acc-valid', findings: [{ ...FINDING, detail: ' ' }], openedBy: 'svc' }, /findings\.0\.detail: must not be empty/],
    [{ accountId: 'acc-valid', findings: [FINDING] }, /openedBy: is required/],
    [{ accountId: 'acc-valid', findings: [FINDING], openedBy: 'svc', extra: 1 }, /\(input\): Unrecognized key: "extra"/],
  ];
  for (const [input, message] of cases) {
    await expect(openNameCorrection(stack.deps, input)).rejects.toThrow(message);
  }
  let started = 0;
  for await (const _ of stack.client.workflow.list({ query: `WorkflowId = "${nameCorrectionWorkflowId('acc-valid')}"` })) started++;
  expect(started).toBe(0);
  await expect(stack.client.workflow.getHandle(nameCorrectionWorkflowId('no-such-account')).describe()).rejects.toThrow(/not found/i);

  // On an open case: an empty name, an unknown field, an unknown operator are refused and change nothing.
  await open('acc-valid');
  await expect(submitNameCorrection(stack.deps, 'acc-valid', { profile: { name: '   ' } })).rejects.toThrow(/profile\.name: must not be empty/);
  await expect(submitNameCorrection(stack.deps, 'acc-valid', { profile: {} })).rejects.toThrow(/must change at least one of name, avatarUrl, bio/);
  await expect(submitNameCorrection(stack.deps, 'acc-valid', { profile: { name: '国\u200B务院' } })).rejects.toThrow(
    /profile\.name: must not contain control or invisible characters/,
  );
  await expect(submitNameCorrection(stack.deps, 'acc-valid', { profile: { name: '！！！' } })).rejects.toThrow(
    /profile\.name: must contain a letter or a digit/,
  );
  await expect(submitNameCorrection(stack.deps, 'acc-valid', { profile: { avatarUrl: 'http://x.example/a.png' } })).rejects.toThrow(
    /profile\.avatarUrl: must be an https:\/\/ URL/,
  );
  await submitNameCorrection(stack.deps, 'acc-valid', { profile: { name: '张三的窗口' } });
  await expect(
    reviewNameCorrection(stack.deps, 'acc-valid', { operatorId: 'mallory', reason: '看着行', submissionNo: 1, decision: 'approve' }),
  ).rejects.toThrow(/operatorId: "mallory" is not on the operator roster/);
  await expect(
    reviewNameCorrection(stack.deps, 'acc-valid', { operatorId: 'reviewer-li', reason: '合规', submissionNo: 7, decision: 'approve' }),
  ).rejects.toThrow(/submissionNo: 7 is not the correction under review \(that is 1\)/);
  await expect(
    reviewNameCorrection(stack.deps, 'acc-valid', { operatorId: 'reviewer-li', reason: '合规', submissionNo: 1, decision: 'maybe' }),
  ).rejects.toThrow(/decision: /);
  const state = await getNameCorrection(stack.deps, 'acc-valid');
  expect(state.stage).toBe('under_review');
  expect(state.submissions).toHaveLength(1);
  expect(state.events.filter((e) => e.type === 'correction_reviewed')).toHaveLength(0);
  await withdrawNameCorrection(stack.deps, 'acc-valid', { operatorId: 'supervisor-wang', reason: '测试结束' });
  await result('acc-valid');
});

test('the Temporal UI lists cases by account, kind, stage and deadline', async () => {
  const { accountId } = await seedAccount(stack.db, 'acc-queue', '外交部动态');
  const { caseRef } = await open(accountId);
  await submitNameCorrection(stack.deps, accountId, { profile: { name: '外语学习角' } });
  await eventually(async () => {
    const found = [];
    const query = `CaseKind = "name-correction" AND CaseStage = "under_review" AND AccountId = "${accountId}" AND DeadlineAt > "${new Date().toISOString()}"`;
    for await (const wf of stack.client.workflow.list({ query })) found.push(wf.searchAttributes);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ CaseRef: [caseRef] });
  });
  await reviewNameCorrection(stack.deps, accountId, { operatorId: 'supervisor-wang', reason: '合规', submissionNo: 1, decision: 'approve' });
  await result(accountId);
  await eventually(async () => {
    const desc = await stack.client.workflow.getHandle(nameCorrectionWorkflowId(accountId)).describe();
    expect(desc.typedSearchAttributes.get(CaseStage)).toBe('restored');
  });
});


test('the roster kept in the store decides who may act, also for cases already open', async () => {
  const { accountId } = await seedAccount(stack.db, 'acc-roster', '检察院在线');
  await open(accountId);
  await submitNameCorrection(stack.deps, accountId, { profile: { name: '法律小课堂' } });
  const review = (operatorId: string) =>
    reviewNameCorrection(stack.deps, accountId, { operatorId, reason: '合规', submissionNo: 1, decision: 'approve' });

  await expect(review('reviewer-zhao')).rejects.toThrow(/"reviewer-zhao" is not on the operator roster/);
  const { told } = await setOperator(stack.deps, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'] });
  expect(told).toBeGreaterThanOrEqual(1);
  await setOperator(stack.deps, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'], active: false });
  await expect(review('reviewer-zhao')).rejects.toThrow(/"reviewer-zhao" is not on the operator roster/);
  await setOperator(stack.deps, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'] });
  await review('reviewer-zhao');
  expect(await result(accountId)).toMatchObject({ outcome: 'restored' });
  await expect(setOperator(stack.deps, { id: 'x', displayName: 'X', roles: ['admin' as never] })).rejects.toThrow(
    /roles\.0: must be one of: reviewer, supervisor/,
  );
});

test('a contact address the relay refuses for good is recorded and does not hold the case; the address stays out of the history', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'acc-bounce', '人民日报精选', 'nobody-here@bounce.example');
  const { caseRef, workflowId } = await open(accountId);
  await eventually(async () => {
    expect((await listRecords(stack.db, { caseRef })).map((r) => r.action)).toContain('notice_undeliverable');
  });
  const failed = (await listRecords(stack.db, { caseRef })).find((r) => r.action === 'notice_undeliverable')!;
  expect(failed.reason).toBe('notice undeliverable: SMTP EENVELOPE 550');
  expect(failed.evidence).toEqual({ kind: 'opened' });

  await withdrawNameCorrection(stack.deps, accountId, { operatorId: 'supervisor-wang', reason: '误判' });
  expect(await result(accountId)).toMatchObject({ outcome: 'withdrawn' });
  expect((await getAccount(stack.db, accountId))!.status).toBe('active');
  const history = JSON.stringify(await stack.client.workflow.getHandle(workflowId).fetchHistory());
  expect(history).not.toContain(email);
  expect(history).not.toContain('bounce.example');
});

test('a retried action with the same request id acts once; a case takes a bounded number of corrections', async () => {
  const { accountId } = await seedAccount(stack.db, 'acc-spam', '国务院快讯');
  await open(accountId);
  const first = await submitNameCorrection(stack.deps, accountId, { profile: { name: '国务院快讯1' } }, { requestId: 'req-1' });
  const again = await submitNameCorrection(stack.deps, accountId, { profile: { name: '国务院快讯1' } }, { requestId: 'req-1' });
  expect(again).toEqual(first);
  for (let i = 2; i <= stack.policy.nameCorrection.maxSubmissions; i++) {
    expect(await submitNameCorrection(stack.deps, accountId, { profile: { name: `国务院快讯${i}` } })).toMatchObject({ submissionNo: i, passed: false });
  }
  await expect(submitNameCorrection(stack.deps, accountId, { profile: { name: '张三快讯' } })).rejects.toThrow(
    /at most 10 corrections may be submitted in one case/,
  );
  expect((await getNameCorrection(stack.deps, accountId)).submissions).toHaveLength(10);
  await withdrawNameCorrection(stack.deps, accountId, { operatorId: 'supervisor-wang', reason: '测试结束' });
  await result(accountId);
});
