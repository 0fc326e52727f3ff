// Unauthorised transfer (Art. 11 ¶2), end to end on a real Temporal server, store and SMTP sink.
import { WorkflowNotFoundError } from '@temporalio/client';
import { reportUnauthorisedTransfer } from '../../services/unauthorised-transfer';
import { getAccount } from '../../store/accounts';
import { listMeasures } from '../../store/measures';
import { listRecords } from '../../store/records';
import { findReservedMatches } from '../../store/reserved-names';
import { normalizeName, pinyinKey } from '../../rules/names';
import { TRANSFER_EVIDENCE, unauthorisedTransferDriver } from '../helpers/account-processes';
import { PLATFORM } from '../helpers/principals';
import { seedAccount, seedOperators, startStack, type Stack } from '../helpers/stack';
import { settled } from '../helpers/settled';
import { until } from '../helpers/wait';
import type { UnauthorisedTransferResult } from '../../workflows/unauthorised-transfer/workflow';

let stack: Stack;
let ut: ReturnType<typeof unauthorisedTransferDriver>;
beforeAll(async () => {
  stack = await startStack();
  await seedOperators(stack.db);
  await stack.startWorker();
  ut = unauthorisedTransferDriver(stack);
});
afterAll(() => stack?.stop());

const status = async (accountId: string) => (await getAccount(stack.db, accountId))!.status;
const noticed = (accountId: string) => until(async () => (await ut.state(accountId)).events.some((e) => e.type === 'notice_sent'), 60_000);

test('reported → service suspended and the holder told → the holder answers → a reviewer restores service', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'ut-restore', '城市美食记');
  const { caseRef } = await ut.report(accountId);
  expect(caseRef).toMatch(/^UT-\d{8}-[A-Z0-9]{8}$/);
  await noticed(accountId);
  expect(await status(accountId)).toBe('suspended');
  // Deciding before the holder had their say is refused.
  await expect(ut.decide(accountId, 'restore')).rejects.toThrow(/cannot decide: the case is awaiting_response/);

  await ut.respond(accountId);
  expect((await ut.state(accountId)).stage).toBe('under_review');
  // The platform service that reported the account does not decide on its own report.
  await expect(ut.decide(accountId, 'restore', PLATFORM.id)).rejects.toThrow(/may not decideReport/);
  await ut.decide(accountId, 'restore', 'reviewer-li', '用户已提供换机证明，非转让');
  expect(await ut.result<UnauthorisedTransferResult>(accountId, 'restored')).toMatchObject({ caseRef, outcome: 'restored' });

  expect(await status(accountId)).toBe('active');
  expect(await ut.records(caseRef)).toEqual([
    `suspend_service:${PLATFORM.id}`,
    `holder_response:holder:${accountId}`,
    'decide_restore:reviewer-li',
    'restore_service:reviewer-li',
  ]);
  const records = await listRecords(stack.db, { caseRef });
  expect(records[0]).toMatchObject({ article: '第十一条第二款', evidence: { report: TRANSFER_EVIDENCE } });
  expect(records[1]).toMatchObject({ evidence: { via: PLATFORM.id } });
  const mails = ut.messages(email);
  expect(mails.map((m) => m.headers['x-notice-kind'])).toEqual(['opened', 'restored']);
  for (const m of mails) expect(m.subject).toContain(caseRef);
  expect(mails[0]!.subject).toContain('城市美食记');
  expect(mails[0]!.text).toContain('第十一条第二款');
  expect(mails[1]!.text).toContain('用户已提供换机证明');
});

test('a supervisor withdraws a false report: the suspension is lifted and the holder told', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'ut-withdraw', '山野手记');
  const { caseRef } = await ut.report(accountId);
  await noticed(accountId);
  await expect(ut.withdraw(accountId, '误报', 'reviewer-li')).rejects.toThrow(/may not withdrawReport; it needs one of: supervisor/);
  await ut.withdraw(accountId, '风控模型误报：登录来自本人新设备');
  expect(await ut.result<UnauthorisedTransferResult>(accountId, 'withdrawn')).toMatchObject({ outcome: 'withdrawn' });
  expect(await status(accountId)).toBe('active');
  expect(await ut.records(caseRef)).toEqual([`suspend_service:${PLATFORM.id}`, 'withdraw_case:supervisor-wang', 'restore_service:supervisor-wang']);
  expect(ut.mails(email)).toEqual(['opened', 'withdrawn']);
  expect(ut.messages(email)[1]!.text).toContain('风控模型误报');
});

test('four eyes: termination is decided, proposed, and confirmed only by a second supervisor; service terminated and the name reserved', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'ut-terminate', '财经速递');
  const { caseRef } = await ut.report(accountId);
  await noticed(accountId);
  await ut.respond(accountId, '我们把账号交给了合作方运营');
  await ut.decide(accountId, 'terminate', 'supervisor-sun', '持有人承认交由他人运营，未经申请');
  expect((await ut.state(accountId)).stage).toBe('termination_due');
  // Nothing irreversible yet: the account stays suspended.
  expect(await status(accountId)).toBe('suspended');
  await expect(ut.confirm(accountId, 1, 'supervisor-wang')).rejects.toThrow(/cannot confirm termination: the case is termination_due/);

  await ut.propose(accountId, 'supervisor-zhao');
  await until(async () => (await ut.records(caseRef)).includes('propose_termination:supervisor-zhao'));
  await settled(ut.handle(accountId));
  const before = (await ut.handle(accountId).fetchHistory()).events!.length;
  await expect(ut.confirm(accountId, 1, 'supervisor-zhao')).rejects.toThrow(/four eyes: "supervisor-zhao" proposed this termination and may not confirm it/);
  await expect(ut.confirm(accountId, 1, 'supervisor-sun')).rejects.toThrow(/four eyes: "supervisor-sun" decided this case \(decided to terminate\) and may not confirm/);
  await expect(ut.confirm(accountId, 1, 'reviewer-li')).rejects.toThrow(/may not confirmTermination; it needs one of: supervisor/);
  // Refusals leave no trace in the history.
  expect((await ut.handle(accountId).fetchHistory()).events!.length).toBe(before);

  // A rejection puts the termination back to due; a new proposal may follow.
  await ut.rejectTermination(accountId, 1, '请先核实合作协议', 'supervisor-wang');
  expect((await ut.state(accountId)).stage).toBe('termination_due');
  await ut.propose(accountId, 'reviewer-li', '合作协议显示已转让运营权');
  await ut.confirm(accountId, 2, 'supervisor-wang');
  expect(await ut.result<UnauthorisedTransferResult>(accountId, 'terminated')).toMatchObject({ outcome: 'terminated' });

  expect(await status(accountId)).toBe('terminated');
  expect(await findReservedMatches(stack.db, normalizeName('财经速递'), pinyinKey('财经速递'))).toEqual([expect.objectContaining({ name: '财经速递', caseRef, accountId })]);
  expect(await ut.records(caseRef)).toEqual([
    `suspend_service:${PLATFORM.id}`,
    `holder_response:holder:${accountId}`,
    'decide_termination:supervisor-sun',
    'propose_termination:supervisor-zhao',
    'reject_termination:supervisor-wang',
    'propose_termination:reviewer-li',
    'confirm_termination:supervisor-wang',
    'terminate_service:supervisor-wang',
    'reserve_name:supervisor-wang',
  ]);
  const terminated = (await listRecords(stack.db, { caseRef })).find((r) => r.action === 'terminate_service');
  expect(terminated).toMatchObject({ evidence: { proposalNo: 2, proposedBy: 'reviewer-li', confirmedBy: 'supervisor-wang' } });
  expect((await listMeasures(stack.db, { caseRef })).filter((m) => m.kind === 'terminate_service')).toHaveLength(1);
  expect(ut.mails(email)).toEqual(['opened', 'terminated']);
  expect(ut.messages(email)[1]!.subject).toContain(caseRef);
});

test('a report naming a phone number is refused with the field and the rule, and nothing starts', async () => {
  const { accountId } = await seedAccount(stack.db, 'ut-bad');
  await expect(reportUnauthorisedTransfer(stack.deps, PLATFORM, { accountId, evidence: { ...TRANSFER_EVIDENCE, detail: '买家手机 138 0013 8000 登录' } })).rejects.toMatchObject({
    issues: [{ field: 'evidence.detail', rule: 'must not contain an ID or phone number (11 or more digits in a row)' }],
  });
  await expect(reportUnauthorisedTransfer(stack.deps, PLATFORM, { accountId, evidence: { ...TRANSFER_EVIDENCE, signals: [] } })).rejects.toMatchObject({
    issues: [{ field: 'evidence.signals', rule: 'must name at least one signal' }],
  });
  await expect(ut.handle(accountId).describe()).rejects.toThrow(WorkflowNotFoundError);
  expect(await status(accountId)).toBe('active');
});
