// What callers send: bad input is refused naming the field, one open case per account, retried requests, bounced notices.
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { getNameCorrection, openNameCorrection, reviewNameCorrection, submitNameCorrection, withdrawNameCorrection } from '../../services/name-correction';
import { caseWorkflowId } from '../../workflows/case/ids';
import { eventually } from '../helpers/wait';
import { FINDING, nameCorrectionStack } from '../helpers/name-correction';
import { seedAccount } from '../helpers/stack';
import { principal, PLATFORM } from '../helpers/principals';

const nameCorrectionWorkflowId = (accountId: string) => caseWorkflowId('name-correction', accountId);
const t = nameCorrectionStack();

test('one open case per account: opening a second returns the first', async () => {
  const { accountId } = await seedAccount(t.stack.db, 'acc-twice', '央视快讯');
  const first = await t.nc.open(accountId);
  const second = await t.nc.open(accountId);
  expect(second).toEqual({ ...first, created: false });
  await eventually(async () => {
    const again = [];
    for await (const wf of t.stack.client.workflow.list({ query: `AccountId = "${accountId}"` })) again.push(wf.runId);
    expect(again).toHaveLength(1);
  });
  await withdrawNameCorrection(t.stack.deps, principal('supervisor-wang'), accountId, { reason: '测试结束' });
  await t.nc.result(accountId, `name-correction.signed.${accountId}`);
});

test('invalid input gets an error naming the field and the rule, and starts nothing', async () => {
  await seedAccount(t.stack.db, 'acc-valid', '公安之窗');
  const cases: [unknown, RegExp][] = [
    [{ accountId: 'no-such-account', findings: [FINDING] }, /accountId: no account "no-such-account" in the registry/],
    [{ accountId: 'acc valid!', findings: [FINDING] }, /accountId: must be 1–64 letters/],
    [{ accountId: 'acc-valid', findings: [] }, /findings: must name at least one failed field/],
    [{ accountId: 'acc-valid', findings: [{ ...FINDING, ground: 'looks-bad' }] }, /findings\.0\.ground: /],
    [{ accountId: 'acc-valid', findings: [{ ...FINDING, detail: ' ' }] }, /findings\.0\.detail: must not be empty/],
    // Who opens the case is the caller's principal: an opener named in the body is refused.
    [{ accountId: 'acc-valid', findings: [FINDING], openedBy: 'svc' }, /\(input\): Unrecognized key: "openedBy"/],
    [{ accountId: 'acc-valid', findings: [FINDING], extra: 1 }, /\(input\): Unrecognized key: "extra"/],
  ];
  for (const [input, message] of cases) {
    await expect(openNameCorrection(t.stack.deps, PLATFORM, input)).rejects.toThrow(message);
  }
  // Read by ID, not counted in the (eventually consistent) list: no run exists at all.
  await expect(t.nc.handle('acc-valid').describe()).rejects.toThrow(/not found/i);
  await expect(t.stack.client.workflow.getHandle(nameCorrectionWorkflowId('no-such-account')).describe()).rejects.toThrow(/not found/i);

  // On an open case: an empty name, an unknown field, an unknown operator are refused and change nothing.
  await t.nc.open('acc-valid');
  await expect(submitNameCorrection(t.stack.deps, PLATFORM, 'acc-valid', { profile: { name: '   ' } })).rejects.toThrow(/profile\.name: must not be empty/);
  await expect(submitNameCorrection(t.stack.deps, PLATFORM, 'acc-valid', { profile: {} })).rejects.toThrow(/must change at least one of name, avatarUrl, bio/);
  await expect(submitNameCorrection(t.stack.deps, PLATFORM, 'acc-valid', { profile: { name: '国\u200B务院' } })).rejects.toThrow(
    /profile\.name: must not contain control or invisible characters/,
  );
  await expect(submitNameCorrection(t.stack.deps, PLATFORM, 'acc-valid', { profile: { name: '！！！' } })).rejects.toThrow(
    /profile\.name: must contain a letter or a digit/,
  );
  await expect(submitNameCorrection(t.stack.deps, PLATFORM, 'acc-valid', { profile: { avatarUrl: 'http://x.example/a.png' } })).rejects.toThrow(
    /profile\.avatarUrl: must be an https:\/\/ URL/,
  );
  await submitNameCorrection(t.stack.deps, PLATFORM, 'acc-valid', { profile: { name: '张三的窗口' } });
  await expect(
    reviewNameCorrection(t.stack.deps, principal('mallory'), 'acc-valid', { reason: '看着行', submissionNo: 1, decision: 'approve' }),
  ).rejects.toThrow(/operatorId: "mallory" is not on the operator roster/);
  await expect(
    reviewNameCorrection(t.stack.deps, principal('reviewer-li'), 'acc-valid', { reason: '合规', submissionNo: 7, decision: 'approve' }),
  ).rejects.toThrow(/submissionNo: 7 is not the correction under review \(that is 1\)/);
  await expect(
    reviewNameCorrection(t.stack.deps, principal('reviewer-li'), 'acc-valid', { reason: '合规', submissionNo: 1, decision: 'maybe' }),
  ).rejects.toThrow(/decision: /);
  const state = await getNameCorrection(t.stack.deps, 'acc-valid');
  expect(state.stage).toBe('under_review');
  expect(state.submissions).toHaveLength(1);
  expect(state.events.filter((e) => e.type === 'correction_reviewed')).toHaveLength(0);
  await withdrawNameCorrection(t.stack.deps, principal('supervisor-wang'), 'acc-valid', { reason: '测试结束' });
  await t.nc.result('acc-valid', 'name-correction.signed.acc-valid');
});

test('a contact address the relay refuses for good is recorded and does not hold the case; the address stays out of the history', async () => {
  const { accountId, email } = await seedAccount(t.stack.db, 'acc-bounce', '人民日报精选', 'nobody-here@bounce.example');
  const { caseRef, workflowId } = await t.nc.open(accountId);
  await eventually(async () => {
    expect((await listRecords(t.stack.db, { caseRef })).map((r) => r.action)).toContain('notice_undeliverable');
  });
  const failed = (await listRecords(t.stack.db, { caseRef })).find((r) => r.action === 'notice_undeliverable')!;
  expect(failed.reason).toBe('notice undeliverable: SMTP EENVELOPE 550');
  expect(failed.evidence).toEqual({ kind: 'opened' });

  await withdrawNameCorrection(t.stack.deps, principal('supervisor-wang'), accountId, { reason: '误判' });
  expect(await t.nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'withdrawn' });
  expect((await getAccount(t.stack.db, accountId))!.status).toBe('active');
  const history = JSON.stringify(await t.stack.client.workflow.getHandle(workflowId).fetchHistory());
  expect(history).not.toContain(email);
  expect(history).not.toContain('bounce.example');
});

test('a retried action with the same request id acts once; a case takes a bounded number of corrections', async () => {
  const { accountId } = await seedAccount(t.stack.db, 'acc-spam', '国务院快讯');
  await t.nc.open(accountId);
  const first = await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '国务院快讯1' } }, { requestId: 'req-1' });
  const again = await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '国务院快讯1' } }, { requestId: 'req-1' });
  expect(again).toEqual(first);
  for (let i = 2; i <= t.stack.policy.nameCorrection.maxSubmissions; i++) {
    expect(await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: `国务院快讯${i}` } })).toMatchObject({ submissionNo: i, passed: false });
  }
  await expect(submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '张三快讯' } })).rejects.toThrow(
    /at most 10 corrections may be submitted in one case/,
  );
  expect((await getNameCorrection(t.stack.deps, accountId)).submissions).toHaveLength(10);
  await withdrawNameCorrection(t.stack.deps, principal('supervisor-wang'), accountId, { reason: '测试结束' });
  await t.nc.result(accountId, `name-correction.signed.${accountId}`);
});
