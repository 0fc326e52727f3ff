// Cases that end withdrawn: a false positive; service comes back, but only what the case imposed is lifted.
import { createAccountMeasureActivities } from '../../activities/account-measures';
import { getAccount } from '../../store/accounts';
import { listMeasures, listOutbox } from '../../store/measures';
import { listRecords } from '../../store/records';
import { withdrawNameCorrection } from '../../services/name-correction';
import { nameCorrectionStack } from '../helpers/name-correction';
import { seedAccount } from '../helpers/stack';
import { principal } from '../helpers/principals';

const t = nameCorrectionStack();

test('withdrawal of a false positive restores service and tells the user', async () => {
  const { accountId, email } = await seedAccount(t.stack.db, 'acc-withdraw', '政府采购观察');
  const { caseRef } = await t.nc.open(accountId);
  await expect(withdrawNameCorrection(t.stack.deps, principal('reviewer-li'), accountId, { reason: '误判' })).rejects.toThrow(
    /may not withdrawCase/,
  );
  await withdrawNameCorrection(t.stack.deps, principal('supervisor-wang'), accountId, { reason: '经核实为企业采购资讯，误判' });
  expect(await t.nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'withdrawn' });
  expect((await getAccount(t.stack.db, accountId))!.status).toBe('active');
  expect((await listRecords(t.stack.db, { caseRef })).map((r) => `${r.action}:${r.actor}`)).toEqual([
    'suspend_service:content-risk-service',
    'withdraw_case:supervisor-wang',
    'restore_service:supervisor-wang',
  ]);
  const notice = await t.stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'withdrawn');
  expect(notice.text).toContain('经核实为企业采购资讯，误判');
});

test('a case lifts only what it imposed: an account suspended by another measure stays suspended when the case is withdrawn', async () => {
  const { accountId } = await seedAccount(t.stack.db, 'acc-other-measure', '政务观察');
  // Another decision (a sanction, say) suspended the account before the name-correction case opened.
  const measures = createAccountMeasureActivities({ db: t.stack.db } as never);
  await measures.imposeMeasure({
    idempotencyKey: 'SANCTION-1:acc-other-measure:suspend',
    caseRef: 'SANCTION-1',
    accountId,
    actor: 'supervisor-wang',
    reason: '发布违法信息',
    article: '第十九条第二款',
    kind: 'suspend_service',
  });
  const { caseRef } = await t.nc.open(accountId);
  await t.nc.noticed(accountId);
  await t.nc.withdraw(accountId, '误判');
  expect(await t.nc.result(accountId)).toMatchObject({ outcome: 'withdrawn' });

  // The case's own suspension is lifted; the other one holds, so the account stays suspended.
  expect((await getAccount(t.stack.db, accountId))!.status).toBe('suspended');
  const rows = (await listMeasures(t.stack.db, { accountId })).map((m) => `${m.caseRef}:${m.kind}:${m.liftedAt ? 'lifted' : 'active'}`);
  expect(rows).toEqual(['SANCTION-1:suspend_service:active', `${caseRef}:suspend_service:lifted`]);
  // Each imposition and lift went to the platform's outbox, with the case that made it.
  const outbox = (await listOutbox(t.stack.db)).filter((e) => e.accountId === accountId).map((e) => `${e.event}:${e.caseRef}`);
  expect(outbox).toEqual(['imposed:SANCTION-1', `imposed:${caseRef}`, `lifted:${caseRef}`]);
});
