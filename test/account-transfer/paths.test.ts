// Account transfer (Art. 11 ¶2) end to end: real Temporal, PostgreSQL and SMTP sink, through the services.
import { getAccount, getSubject, upsertSubject } from '../../store/accounts';
import { getSubjectIdentity } from '../../store/subject-identities';
import { blacklist, grantQualification, knownReceiver, seedHeldAccount, transferStack } from '../helpers/account-transfer';
import { nameCorrectionDriver } from '../helpers/name-correction';
import { insertAccount } from '../../store/accounts';

// The default policy; the paths that wait out a deadline (the notice period, lapses) run on the
// time-skipping server (deadlines.test.ts).
const t = transferStack();

test('a receiver whose ID number has a bad check digit: 400 naming the field and the rule, nothing starts', async () => {
  const { accountId, holderSubjectId } = await seedHeldAccount(t.stack.db, 'at-digit');
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-digit');
  const n = receiver.claim.number;
  const bad = n.slice(0, 17) + (n[17] === '0' ? '1' : '0');
  receiver.body.identity = { ...receiver.claim, number: bad };
  const err = (await t.at.open(accountId, holderSubjectId, receiver).catch((e: unknown) => e)) as { issues: { field: string; rule: string }[] };
  expect(err.issues).toEqual([expect.objectContaining({ field: 'receiver.identity.number', rule: expect.stringMatching(/校验位|check digit/) })]);
  expect(await getSubject(t.stack.db, receiver.subjectId)).toBeUndefined();
  await expect(t.at.handle(accountId).describe()).rejects.toThrow(/not found/i);
});

test('a blacklisted receiver: the transfer is rejected with the listing as the reason, both sides told', async () => {
  const { accountId, holderSubjectId, email } = await seedHeldAccount(t.stack.db, 'at-black');
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-black');
  await blacklist(t.stack.db, receiver, '多次发布违法信息');
  const { caseRef } = await t.at.open(accountId, holderSubjectId, receiver);
  expect(await t.at.result(accountId, 'account-transfer.ineligible')).toMatchObject({ outcome: 'rejected' });
  const s = await t.at.state(accountId);
  expect(s.closure).toEqual({ outcome: 'rejected', cause: 'ineligible' });
  const mail = await t.stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'rejected');
  expect(mail.text).toContain('多次发布违法信息');
  await t.stack.sink.waitFor((m) => m.to.includes(receiver.email) && m.headers['x-notice-kind'] === 'rejected');
  expect((await getAccount(t.stack.db, accountId))!.subjectId).toBe(holderSubjectId);
  expect(await t.at.records(caseRef)).toContain('reject_transfer_automatically:system');
});

test('a receiver at the quota of accounts per subject is rejected naming the quota (the account itself not counted)', async () => {
  const { accountId, holderSubjectId } = await seedHeldAccount(t.stack.db, 'at-quota');
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-quota');
  await upsertSubject(t.stack.db, { id: receiver.subjectId, kind: 'individual', displayName: receiver.claim.name });
  for (const n of [1, 2]) await insertAccount(t.stack.db, { id: `recv-quota-acct-${n}`, subjectId: receiver.subjectId, name: `已有账号${n}`, contactEmail: receiver.email });
  await t.at.open(accountId, holderSubjectId, receiver);
  expect(await t.at.result(accountId)).toMatchObject({ outcome: 'rejected' });
  const check = (await t.at.state(accountId)).checks[0]!;
  expect(check.findings).toEqual([expect.objectContaining({ rule: 'quota', severity: 'refuse' })]);
});

test('a regulated category without the qualification waits for materials; supplied, the check passes', async () => {
  const { accountId, holderSubjectId } = await seedHeldAccount(t.stack.db, 'at-qual', { category: 'health' });
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-qual');
  await t.at.open(accountId, holderSubjectId, receiver);
  await t.at.stage(accountId, 'awaiting_materials');
  const asked = await t.stack.sink.waitFor((m) => m.to.includes(receiver.email) && m.headers['x-notice-kind'] === 'materials_needed');
  expect(asked.headers['x-deadline']).toBeDefined();
  const first = await t.at.state(accountId);
  const deadline = first.deadline!.at;
  // 7 days, the policy's materials window.
  expect(Date.parse(deadline) - Date.parse(first.openedAt)).toBeGreaterThan(7 * 86_400_000 - 60_000);

  // Supplied without the qualification: still missing, the same deadline.
  const again = await t.at.supply(accountId, '资质正在办理');
  expect(again.outcome).toBe('needs_materials');
  expect((await t.at.state(accountId)).deadline!.at).toBe(deadline);

  const q = await grantQualification(t.stack.db, receiver.subjectId, 'health');
  const passed = await t.at.supply(accountId, '已取得医师执业证书', [Number(q)]);
  expect(passed.outcome).toBe('eligible');
  expect((await t.at.state(accountId)).stage).toBe('awaiting_confirmations');
  await t.at.withdraw(accountId, '测试结束');
  await t.at.result(accountId);
});

test('withdrawn by the holder mid-review: nothing changes, both sides told, the withdrawal recorded', async () => {
  const { accountId, holderSubjectId, email } = await seedHeldAccount(t.stack.db, 'at-withdraw');
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-withdraw');
  const { caseRef } = await t.at.open(accountId, holderSubjectId, receiver);
  await t.at.stage(accountId, 'awaiting_confirmations');
  await t.at.holderConfirms(accountId);
  await t.at.receiverConfirms(accountId);
  await t.at.withdraw(accountId, '改变主意');
  expect(await t.at.result(accountId, 'account-transfer.withdrawn')).toMatchObject({ outcome: 'withdrawn' });
  await expect(t.at.review(accountId)).rejects.toThrow(/no open case|closed|withdrawn|completed/i);
  expect((await getAccount(t.stack.db, accountId))!.subjectId).toBe(holderSubjectId);
  const mail = await t.stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'withdrawn');
  expect(mail.text).toContain('改变主意');
  await t.stack.sink.waitFor((m) => m.to.includes(receiver.email) && m.headers['x-notice-kind'] === 'withdrawn');
  expect(await t.at.records(caseRef)).toContain(`withdraw_transfer:holder:${accountId}`);
});

test('a second application while one is open is refused with the open case; the receiver identity kept out of the case', async () => {
  const { accountId, holderSubjectId } = await seedHeldAccount(t.stack.db, 'at-second');
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-second');
  const first = await t.at.open(accountId, holderSubjectId, receiver);
  const other = await knownReceiver(t.stack.db, t.vault, 'recv-second-b');
  const second = await t.at.open(accountId, holderSubjectId, other);
  expect(second).toEqual({ workflowId: first.workflowId, caseRef: first.caseRef, created: false });
  // The identity is in the store, hashed and masked; the case holds only the masked forms.
  const stored = (await getSubjectIdentity(t.stack.db, receiver.subjectId))!;
  const s = await t.at.state(accountId);
  expect(s.receiver).toEqual({ subjectId: receiver.subjectId, kind: 'individual', numberMasked: stored.numberMasked, phoneMasked: stored.phoneMasked, verified: true });
  expect(JSON.stringify(s)).not.toContain(receiver.claim.number);
  await t.at.withdraw(accountId);
  await t.at.result(accountId);
});

test('preconditions: only the holder applies, for an active account with no other case open', async () => {
  const { accountId, holderSubjectId } = await seedHeldAccount(t.stack.db, 'at-pre');
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-pre');
  const notHolder = (await t.at.open(accountId, 'someone-else', receiver).catch((e: unknown) => e)) as { issues: unknown[] };
  expect(notHolder.issues).toEqual([{ field: 'holderSubjectId', rule: 'must be the subject holding the account' }]);
  // A name-correction case open on the account (its suspension is a measure in force).
  const nc = nameCorrectionDriver(t.stack);
  await nc.open(accountId);
  await nc.noticed(accountId);
  await expect(t.at.open(accountId, holderSubjectId, receiver)).rejects.toThrow(/must be active to be transferred; it is suspended/);
  await nc.withdraw(accountId);
  await nc.result(accountId);
});

test('another case open on the account refuses the transfer, naming it, before it has imposed anything', async () => {
  const { accountId, holderSubjectId } = await seedHeldAccount(t.stack.db, 'at-other-case');
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-other-case');
  // A name-correction case on a task queue no worker polls: open, and nothing imposed yet.
  const idle = nameCorrectionDriver({ ...t.stack, deps: { ...t.stack.deps, taskQueue: `idle-${accountId}` } });
  const { caseRef } = await idle.open(accountId);
  await expect(t.at.open(accountId, holderSubjectId, receiver)).rejects.toThrow(`no other case may be open on the account; name-correction case ${caseRef} is open`);
  await idle.handle(accountId).terminate('test over');
});

test('approved by a reviewer, rejected by the second supervisor with reasons: nothing changes, both told why', async () => {
  const { accountId, holderSubjectId, email } = await seedHeldAccount(t.stack.db, 'at-second-no');
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-second-no');
  const { caseRef } = await t.at.open(accountId, holderSubjectId, receiver);
  await t.at.stage(accountId, 'awaiting_confirmations');
  await t.at.holderConfirms(accountId);
  await t.at.receiverConfirms(accountId);
  await t.at.review(accountId, 'approve', 'reviewer-li');
  await t.at.confirmApproval(accountId, 'reject', 'supervisor-wang', '接收方近期有多起投诉，暂不同意');
  expect(await t.at.result(accountId, 'account-transfer.approval-rejected')).toMatchObject({ outcome: 'rejected' });
  expect((await t.at.state(accountId)).closure).toEqual({ outcome: 'rejected', cause: 'approval_rejected' });
  for (const to of [email, receiver.email]) {
    const mail = await t.stack.sink.waitFor((m) => m.to.includes(to) && m.headers['x-notice-kind'] === 'rejected');
    expect(mail.text).toContain('接收方近期有多起投诉，暂不同意');
  }
  expect((await getAccount(t.stack.db, accountId))!.subjectId).toBe(holderSubjectId);
  expect(await t.at.notices(accountId)).toEqual([]);
  expect(await t.at.records(caseRef)).toEqual(expect.arrayContaining(['approve_transfer:reviewer-li', 'reject_transfer_approval:supervisor-wang']));
});
