// Four eyes on terminating service: one operator proposes, a second supervisor (not the proposer, the
// opener or a reviewer of the case) confirms or rejects; a rejection is recorded with what it rejected.
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { nameCorrectionStack } from '../helpers/name-correction';
import { PLATFORM } from '../helpers/principals';
import { seedAccount } from '../helpers/stack';
import { settled } from '../helpers/settled';
import { until } from '../helpers/wait';

const t = nameCorrectionStack();
const historyLength = async (accountId: string) => (await t.nc.handle(accountId).fetchHistory()).events!.length;

test('only a second, independent supervisor can confirm a termination; a rejected proposal is recorded with its content', async () => {
  const { accountId } = await seedAccount(t.stack.db, 'fe-refuse', '国务院资讯');
  // A supervisor opens this case; supervisor-sun will decide (review) it.
  const { caseRef } = await t.nc.open(accountId, 'supervisor-wang');
  await t.nc.submit(accountId, { name: '老张说事' });
  await expect(t.nc.approve(accountId, 1, 'supervisor-wang')).rejects.toThrow(/four eyes: "supervisor-wang" opened this case and may not review it/);
  await t.nc.reject(accountId, 1, '与实名主体不符', 'supervisor-sun');
  await t.nc.refuse(accountId, '不改');
  expect((await t.nc.state(accountId)).stage).toBe('termination_due');
  await expect(t.nc.confirm(accountId, 1, 'supervisor-zhao')).rejects.toThrow(/cannot confirm termination: the case is termination_due/);

  await t.nc.propose(accountId, 'supervisor-zhao', '用户拒绝改正');
  await until(async () => (await t.nc.records(caseRef)).includes('propose_termination:supervisor-zhao'));
  await settled(t.nc.handle(accountId));
  const before = await historyLength(accountId);
  // Nobody who already had a hand in the case is the second pair of eyes: refused, and nothing is written.
  await expect(t.nc.confirm(accountId, 1, 'supervisor-zhao')).rejects.toThrow(/four eyes: "supervisor-zhao" proposed this termination and may not confirm it/);
  await expect(t.nc.confirm(accountId, 1, 'supervisor-wang')).rejects.toThrow(/four eyes: "supervisor-wang" opened this case and may not confirm its termination/);
  await expect(t.nc.confirm(accountId, 1, 'supervisor-sun')).rejects.toThrow(/four eyes: "supervisor-sun" decided this case \(reviewed a correction\)/);
  await expect(t.nc.confirm(accountId, 1, 'reviewer-li')).rejects.toThrow(/"reviewer-li" \(roles: reviewer\) may not confirmTermination; it needs one of: supervisor/);
  await expect(t.nc.rejectTermination(accountId, 1, '我反悔了', 'supervisor-zhao')).rejects.toThrow(/proposed this termination and may not reject it/);
  await expect(t.nc.confirm(accountId, 2, 'supervisor-wang')).rejects.toThrow(/proposalNo: 2 is not the proposal awaiting confirmation \(that is 1\)/);
  expect(await historyLength(accountId)).toBe(before);
  expect((await getAccount(t.stack.db, accountId))!.status).toBe('suspended');

  // The opener may reject (it stops the measure); the termination is due again, and a new proposal may follow.
  await t.nc.rejectTermination(accountId, 1, '请先电话联系用户', 'supervisor-wang');
  expect((await t.nc.state(accountId)).stage).toBe('termination_due');
  await t.nc.propose(accountId, 'reviewer-li', '已电话联系，用户仍拒绝');
  await t.nc.confirm(accountId, 2, 'supervisor-zhao');
  // The same supervisor confirming a second time changes nothing: the case is closing or closed.
  await expect(t.nc.confirm(accountId, 2, 'supervisor-zhao')).rejects.toThrow(/refused|no open case/);
  expect(await t.nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'terminated' });
  expect((await getAccount(t.stack.db, accountId))!.status).toBe('terminated');

  expect(await t.nc.records(caseRef)).toEqual([
    'suspend_service:supervisor-wang',
    'reject_correction:supervisor-sun',
    `refuse_correction:holder:${accountId}`,
    'propose_termination:supervisor-zhao',
    'reject_termination:supervisor-wang',
    'propose_termination:reviewer-li',
    'confirm_termination:supervisor-zhao',
    'terminate_service:supervisor-zhao',
    'reserve_name:supervisor-zhao',
  ]);
  const records = await listRecords(t.stack.db, { caseRef });
  // What was rejected can be reconstructed from the records alone.
  expect(records.find((r) => r.action === 'reject_termination')).toMatchObject({
    reason: '请先电话联系用户',
    evidence: { proposalNo: 1, proposal: { by: 'supervisor-zhao', reason: '用户拒绝改正', cause: 'refused' } },
  });
  expect(records.find((r) => r.action === 'refuse_correction')).toMatchObject({ evidence: { via: PLATFORM.id } });
  expect(records.filter((r) => r.action === 'terminate_service')).toHaveLength(1);
});

test('a supervisor may withdraw a case whose termination is due instead: service is restored', async () => {
  const { accountId } = await seedAccount(t.stack.db, 'fe-withdraw', '人民政府之窗');
  await t.nc.open(accountId);
  await t.nc.refuse(accountId);
  await t.nc.propose(accountId, 'reviewer-li');
  await t.nc.withdraw(accountId, '经核实为误判', 'supervisor-wang');
  expect(await t.nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'withdrawn' });
  expect((await getAccount(t.stack.db, accountId))!.status).toBe('active');
});
