// Cases that end terminated: the account holder refuses, and the name is reserved for good.
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { refuseNameCorrection, submitNameCorrection } from '../../services/name-correction';
import { nameCorrectionStack } from '../helpers/name-correction';
import { seedAccount } from '../helpers/stack';
import { PLATFORM } from '../helpers/principals';

const t = nameCorrectionStack();

test('explicit refusal: once a second supervisor confirms the proposal, service is terminated and the name reserved for good', async () => {
  // A name with no protected word in it: only the reservation can catch it afterwards.
  const { accountId, email } = await seedAccount(t.stack.db, 'acc-refuse', '老王说车');
  const { caseRef } = await t.nc.open(accountId);
  await refuseNameCorrection(t.stack.deps, PLATFORM, accountId, { statement: '不同意修改' });
  // Four eyes: the refusal makes the termination due; nothing irreversible happens by itself.
  const due = await t.nc.state(accountId);
  expect(due).toMatchObject({ stage: 'termination_due', fourEyes: { due: { cause: 'refused' } } });
  expect(due.events.find((e) => e.type === 'correction_refused')).toMatchObject({ by: `holder:${accountId}`, via: PLATFORM.id });
  expect((await getAccount(t.stack.db, accountId))!.status).toBe('suspended');
  await t.nc.propose(accountId, 'reviewer-li', '用户明确拒绝改正');
  await t.nc.confirm(accountId, 1, 'supervisor-wang');
  expect(await t.nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'terminated' });
  expect((await getAccount(t.stack.db, accountId))!.status).toBe('terminated');
  expect(await t.nc.records(caseRef)).toEqual([
    `suspend_service:${PLATFORM.id}`,
    `refuse_correction:holder:${accountId}`,
    'propose_termination:reviewer-li',
    'confirm_termination:supervisor-wang',
    'terminate_service:supervisor-wang',
    'reserve_name:supervisor-wang',
  ]);
  const terminate = (await listRecords(t.stack.db, { caseRef })).find((r) => r.action === 'terminate_service')!;
  expect(terminate.evidence).toMatchObject({ proposalNo: 1, proposedBy: 'reviewer-li', confirmedBy: 'supervisor-wang' });
  const notice = await t.stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'terminated');
  expect(notice.text).toContain('您拒绝改正');

  // The reserved name is refused to the next account that tries it, however it is disguised: traditional
  // or variant characters, look-alikes, spacing, or inside a longer name. An ordinary name passes.
  const other = await seedAccount(t.stack.db, 'acc-refuse-next', '国务院之友');
  await t.nc.open(other.accountId);
  for (const name of ['老王說車', '老王説车', '老 王·说 车', '我是老王说车粉丝', 'laowang老王说车']) {
    const attempt = await submitNameCorrection(t.stack.deps, PLATFORM, other.accountId, { profile: { name } });
    expect({ name, rules: attempt.findings.map((f) => f.rule), passed: attempt.passed }).toEqual({ name, rules: ['reserved_name'], passed: false });
  }
  expect(await submitNameCorrection(t.stack.deps, PLATFORM, other.accountId, { profile: { name: '小李说车' } })).toMatchObject({ passed: true, findings: [] });
  await t.nc.withdraw(other.accountId);
  // A terminated account cannot be opened again.
  await expect(t.nc.open(accountId)).rejects.toThrow(/accountId: account "acc-refuse" is terminated/);
});
