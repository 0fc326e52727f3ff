// Cases that end terminated: the account holder refuses, and the name is reserved for good.
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { refuseNameCorrection, submitNameCorrection } from '../../services/name-correction';
import { nameCorrectionStack } from '../helpers/name-correction';
import { seedAccount } from '../helpers/stack';
import { PLATFORM } from '../helpers/principals';

const t = nameCorrectionStack();

test('explicit refusal: service is terminated and the name reserved for good', async () => {
  // A name with no protected word in it: only the reservation can catch it afterwards.
  const { accountId, email } = await seedAccount(t.stack.db, 'acc-refuse', '老王说车');
  const { caseRef } = await t.nc.open(accountId);
  await refuseNameCorrection(t.stack.deps, PLATFORM, accountId, { statement: '不同意修改' });
  expect(await t.nc.result(accountId, `name-correction.case-layer.${accountId}`)).toMatchObject({ outcome: 'terminated' });
  expect((await getAccount(t.stack.db, accountId))!.status).toBe('terminated');
  const actions = (await listRecords(t.stack.db, { caseRef })).map((r) => r.action);
  expect(actions).toEqual(['suspend_service', 'refuse_correction', 'terminate_service', 'reserve_name']);
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
