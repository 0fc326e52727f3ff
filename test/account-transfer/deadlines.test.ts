// Account transfer at the real default policy (15 days to confirm, 7 for materials, 3 days' notice,
// reminders 72 h and 24 h before), on the time-skipping server.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { getAccount } from '../../store/accounts';
import { testSigner } from '../helpers/action-keys';
import { knownReceiver, seedHeldAccount, testIdentityVault, transferDriver, withIdentity, type TransferDriver } from '../helpers/account-transfer';
import { seedOperators, startStack, type Stack } from '../helpers/stack';
import { startTimeSkipping } from '../helpers/time-skipping';

let env: TestWorkflowEnvironment;
let stack: Stack;
let at: TransferDriver;
const vault = testIdentityVault();
const t = {} as { stack: Stack; at: TransferDriver; vault: typeof vault };

beforeAll(async () => {
  env = await startTimeSkipping();
  // Seals are dated by the time-skipping server's clock, as the cases' time is.
  stack = await startStack({ client: env.client, nativeConnection: env.nativeConnection, signer: testSigner(() => env.currentTimeMs()) });
  stack.deps = withIdentity(stack.deps, stack.db, vault);
  await seedOperators(stack.db);
  await stack.startWorker();
  at = transferDriver(stack);
  Object.assign(t, { stack, at, vault });
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test('approved by a reviewer and confirmed by a second supervisor: notice published, subject changed, both parties e-mailed', async () => {
  const { accountId, holderSubjectId, email } = await seedHeldAccount(t.stack.db, 'at-ok');
  const receiver = await knownReceiver(t.stack.db, t.vault, 'recv-ok', '李四');
  const { caseRef, created } = await t.at.open(accountId, holderSubjectId, receiver, { reason: '个人精力有限，转交好友运营' });
  expect(created).toBe(true);
  await t.at.stage(accountId, 'awaiting_confirmations');

  // Both parties are asked to confirm, each at their own address.
  await t.stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'confirm_requested');
  const asked = await t.stack.sink.waitFor((m) => m.to.includes(receiver.email) && m.headers['x-notice-kind'] === 'confirm_requested');
  expect(asked.headers['x-case-ref']).toBe(caseRef);
  expect(asked.text).toContain(caseRef);

  await t.at.holderConfirms(accountId);
  await expect(t.at.holderConfirms(accountId)).rejects.toThrow(/has confirmed already|awaiting_confirmations|under_review/);
  const s = await t.at.receiverConfirms(accountId);
  expect(s.stage).toBe('under_review');

  // Four eyes: the approver may not also confirm; a second supervisor does.
  await t.at.review(accountId, 'approve', 'supervisor-wang');
  await expect(t.at.confirmApproval(accountId, 'confirm', 'supervisor-wang')).rejects.toThrow(/four eyes: "supervisor-wang" took the first step/);
  await expect(t.at.confirmApproval(accountId, 'confirm', 'reviewer-li')).rejects.toThrow(/confirmApproval/);
  const approved = await t.at.confirmApproval(accountId, 'confirm', 'supervisor-zhao');
  expect(approved.stage).toBe('notice_period');

  // Followers are told first; the holder's name is masked, as an individual's.
  const pending = await t.stack.sink.waitFor((m) => m.to.includes(receiver.email) && m.headers['x-notice-kind'] === 'approved');
  expect(pending.text).toContain(caseRef);
  expect((await t.at.notices(accountId)).map((n) => n.kind)).toEqual(['transfer_pending']);
  const [notice] = await t.at.notices(accountId);
  expect(notice!.body).toContain('张*');
  expect(notice!.body).toContain('李*');
  expect(notice!.body).not.toContain('张三');
  // The subject changes when the 3-day notice period ends, not before.
  expect(Date.parse(approved.effectiveAt!) - Date.parse(approved.approval!.at)).toBe(3 * DAY);
  await env.sleep(3 * DAY + HOUR);

  expect(await t.at.result(accountId, 'account-transfer.completed')).toMatchObject({ caseRef, outcome: 'completed' });
  const account = (await getAccount(t.stack.db, accountId))!;
  expect(account.subjectId).toBe(receiver.subjectId);
  expect(account.contactEmail).toBe(receiver.email);
  expect((await t.at.notices(accountId)).map((n) => n.kind)).toEqual(['subject_changed', 'transfer_pending']);

  // Both e-mailed: the holder at the account's old contact, the receiving side at its own.
  const toHolder = await t.stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'completed');
  expect(toHolder.subject).toContain(caseRef);
  const toReceiver = await t.stack.sink.waitFor((m) => m.to.includes(receiver.email) && m.headers['x-notice-kind'] === 'completed');
  expect(toReceiver.text).toContain('已迁移至您名下');
  expect(await t.at.records(caseRef)).toEqual([
    'open_transfer:content-risk-service',
    'check_transfer_receiver:system',
    `confirm_transfer_holder:holder:${accountId}`,
    `confirm_transfer_receiver:receiver:${accountId}`,
    'approve_transfer:supervisor-wang',
    'confirm_transfer_approval:supervisor-zhao',
    'publish_notice:supervisor-zhao',
    'change_subject:supervisor-zhao',
    'publish_notice:supervisor-zhao',
  ]);
});

test('the receiving side never confirms: reminders to it alone at 72 h and 24 h, lapsed at 15 days, both told', async () => {
  const { accountId, holderSubjectId, email } = await seedHeldAccount(stack.db, 'ts-lapse');
  const receiver = await knownReceiver(stack.db, vault, 'ts-recv-lapse');
  const { caseRef } = await at.open(accountId, holderSubjectId, receiver);
  await at.stage(accountId, 'awaiting_confirmations');
  await at.holderConfirms(accountId);
  await env.sleep(15 * DAY + HOUR);
  expect(await at.result(accountId, 'account-transfer.lapsed')).toMatchObject({ caseRef, outcome: 'lapsed' });
  const s = await at.state(accountId);
  expect(s.closure).toEqual({ outcome: 'lapsed', cause: 'confirmation_deadline' });
  const opened = Date.parse(s.openedAt);
  const deadline = Date.parse(s.deadline!.at);
  expect(Math.abs(deadline - opened - 15 * DAY)).toBeLessThan(60_000);
  const passed = s.events.filter((e) => e.type === 'deadline_passed').map((e) => Date.parse(e.at))[0]!;
  expect(passed - deadline).toBeLessThan(60_000);
  expect(at.mails(receiver.email)).toEqual(['confirm_requested', 'reminder', 'reminder', 'lapsed']);
  // The holder had confirmed: no reminders for them.
  expect(at.mails(email)).toEqual(['confirm_requested', 'lapsed']);
  expect((await getAccount(stack.db, accountId))!.subjectId).toBe(holderSubjectId);
  expect(await at.records(caseRef)).toContain('lapse_transfer:system');
});

test('materials never supplied: lapsed at 7 days', async () => {
  const { accountId, holderSubjectId } = await seedHeldAccount(stack.db, 'ts-materials', { category: 'economy' });
  const receiver = await knownReceiver(stack.db, vault, 'ts-recv-materials');
  await at.open(accountId, holderSubjectId, receiver);
  await at.stage(accountId, 'awaiting_materials');
  await env.sleep(7 * DAY + HOUR);
  expect(await at.result(accountId, 'account-transfer.materials-lapsed')).toMatchObject({ outcome: 'lapsed' });
  const s = await at.state(accountId);
  expect(s.closure).toEqual({ outcome: 'lapsed', cause: 'materials_deadline' });
  expect(at.mails(receiver.email)).toEqual(['materials_needed', 'reminder', 'reminder', 'lapsed']);
});
