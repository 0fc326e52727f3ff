// Operators' actions: extensions, and the roster that decides who may act.
import { Client } from '@temporalio/client';
import { listRecords } from '../../store/records';
import { extendNameCorrectionDeadline, getNameCorrection, reviewNameCorrection, submitNameCorrection, withdrawNameCorrection } from '../../services/name-correction';
import { caseWorkflowId } from '../../workflows/case/ids';
import { DeadlineAt } from '../../workflows/search-attributes';
import { settled, SETTLE_MS } from '../helpers/settled';
import { eventually } from '../helpers/wait';
import { setOperator } from '../../services/operators';
import type { Principal } from '../../rules/roles';
import { nameCorrectionStack } from '../helpers/name-correction';
import { seedAccount } from '../helpers/stack';
import { principal, PLATFORM } from '../helpers/principals';

const ADMIN: Principal = { id: 'admin-test', roles: ['admin'] };

const nameCorrectionWorkflowId = (accountId: string) => caseWorkflowId('name-correction', accountId);
const t = nameCorrectionStack();

test('extension: a supervisor moves the deadline with a reason; a reviewer may not; the user is told', async () => {
  const { accountId, email } = await seedAccount(t.stack.db, 'acc-extend', '官方资讯');
  const { caseRef } = await t.nc.open(accountId);
  const before = await getNameCorrection(t.stack.deps, accountId);
  const newDeadline = new Date(Date.parse(before.deadline!.at) + 3 * 86_400_000).toISOString();

  await expect(
    extendNameCorrectionDeadline(t.stack.deps, principal('reviewer-li'), accountId, { reason: '用户申请', newDeadline }),
  ).rejects.toThrow(/operatorId: "reviewer-li" \(roles: reviewer\) may not extendDeadline; it needs one of: supervisor/);
  await expect(
    extendNameCorrectionDeadline(t.stack.deps, principal('supervisor-wang'), accountId, { reason: '用户申请', newDeadline: before.deadline!.at }),
  ).rejects.toThrow(/newDeadline: must be later than the current deadline/);
  await expect(
    extendNameCorrectionDeadline(t.stack.deps, principal('supervisor-wang'), accountId, { reason: '  ', newDeadline }),
  ).rejects.toThrow(/reason: must not be empty/);

  const after = await extendNameCorrectionDeadline(t.stack.deps, principal('supervisor-wang'), accountId, { reason: '用户申请材料补充时间', newDeadline });
  expect(after.deadline!.at).toBe(newDeadline);
  const notice = await t.stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'deadline_extended');
  expect(notice.headers['x-deadline']).toBe(newDeadline);
  expect(notice.text).toContain('用户申请材料补充时间');

  // The Temporal UI's work queue shows the new deadline.
  await eventually(async () => {
    const desc = await t.stack.client.workflow.getHandle(nameCorrectionWorkflowId(accountId)).describe();
    expect(desc.typedSearchAttributes.get(DeadlineAt)?.toISOString()).toBe(newDeadline);
  });
  const decision = (await listRecords(t.stack.db, { caseRef })).find((r) => r.action === 'extend_deadline');
  expect(decision).toMatchObject({ actor: 'supervisor-wang', reason: '用户申请材料补充时间', evidence: { from: before.deadline!.at, to: newDeadline } });
  await withdrawNameCorrection(t.stack.deps, principal('supervisor-wang'), accountId, { reason: '测试结束' });
  await t.nc.result(accountId, `name-correction.signed.${accountId}`);
});

test('the roster kept in the store decides who may act, also for cases already open', async () => {
  const { accountId } = await seedAccount(t.stack.db, 'acc-roster', '检察院在线');
  await t.nc.open(accountId);
  await submitNameCorrection(t.stack.deps, PLATFORM, accountId, { profile: { name: '法律小课堂' } });
  const review = (operatorId: string) =>
    reviewNameCorrection(t.stack.deps, principal(operatorId), accountId, { reason: '合规', submissionNo: 1, decision: 'approve' });

  await expect(review('reviewer-zhao')).rejects.toThrow(/"reviewer-zhao" is not on the operator roster/);
  // The case reads the roster again when told: a moment after each change, it applies.
  const extend = async () => {
    const { deadline } = await t.nc.state(accountId);
    return t.nc.extend(accountId, new Date(Date.parse(deadline!.at) + 3_600_000).toISOString(), '补充材料', 'reviewer-zhao');
  };
  const { told } = await setOperator(t.stack.deps, ADMIN, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['supervisor'] });
  expect(told).toBeGreaterThanOrEqual(1);
  await eventually(async () => void (await extend()));
  await setOperator(t.stack.deps, ADMIN, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['supervisor'], active: false });
  await eventually(() => expect(extend()).rejects.toThrow(/"reviewer-zhao" is not on the operator roster/));
  await setOperator(t.stack.deps, ADMIN, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'] });
  await eventually(() => expect(extend()).rejects.toThrow(/"reviewer-zhao" \(roles: reviewer\) may not extendDeadline/));
  await review('reviewer-zhao');
  expect(await t.nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'restored' });
  await expect(setOperator(t.stack.deps, ADMIN, { id: 'x', displayName: 'X', roles: ['root' as never] })).rejects.toThrow(
    /roles\.0: must be one of: platform, reviewer, supervisor, auditor, admin/,
  );
});

test('a roster signal carries nothing a case trusts: a forged roster or a null payload changes nothing, and the case keeps working', async () => {
  const { accountId } = await seedAccount(t.stack.db, 'acc-forged', '法院之声');
  await t.nc.open(accountId);
  await t.nc.noticed(accountId);
  const handle = t.nc.handle(accountId);
  // What a stranger with access to the namespace could send: an invented supervisor, far in the future.
  const forged = { operators: [{ id: 'mallory', roles: ['supervisor'] }], asOf: '2999-01-01T00:00:00.000Z', version: 1e15 };
  await handle.signal('rosterChanged', forged);
  await handle.signal('rosterChanged', null);
  // With the payload keys or without them: a client without them sends the roster in plain JSON.
  await new Client({ connection: t.stack.client.connection }).workflow.getHandle(handle.workflowId).signal('rosterChanged', forged);
  await settled(handle);
  await expect(t.nc.withdraw(accountId, '我说了算', 'mallory')).rejects.toThrow(/"mallory" is not on the operator roster/);

  // A genuine roster change still reaches the case.
  await setOperator(t.stack.deps, ADMIN, { id: 'supervisor-zhou', displayName: '周主管', roles: ['supervisor'] });
  await eventually(async () => {
    await t.nc.withdraw(accountId, '误判', 'supervisor-zhou');
  }, SETTLE_MS);
  expect(await t.nc.result(accountId, 'name-correction.signed.acc-forged')).toMatchObject({ outcome: 'withdrawn' });
  const history = await handle.fetchHistory();
  expect(history.events!.filter((e) => e.workflowTaskFailedEventAttributes)).toHaveLength(0);
});
