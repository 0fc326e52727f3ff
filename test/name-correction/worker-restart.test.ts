import { getNameCorrection, openNameCorrection, reviewNameCorrection, submitNameCorrection } from '../../services/name-correction';
import { getAccount } from '../../store/accounts';
import { listNotices } from '../../store/notices';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
const nameCorrectionWorkflowId = (accountId: string) => caseWorkflowId('name-correction', accountId);
import { until } from '../helpers/wait';
import { recordHistory } from '../helpers/record-history';
import { FINDING, seedAccount, seedOperators, startStack, type Stack } from '../helpers/stack';
import { principal, PLATFORM } from '../helpers/principals';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await seedOperators(stack.db);
});
afterAll(() => stack?.stop());


test('workers stopped mid-case (one while a notice is failing) and started again: the case completes, nothing lost or doubled', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'acc-restart', '解放军文艺');
  const handle = stack.client.workflow.getHandle(nameCorrectionWorkflowId(accountId));

  // Worker A suspends the account, then cannot deliver the notice: the SMTP server is down.
  await stack.sink.stop();
  const a = await stack.startWorker();
  const { caseRef } = await openNameCorrection(stack.deps, PLATFORM, { accountId, findings: [FINDING] });
  await until(async () => {
    const pending = (await handle.describe()).raw.pendingActivities ?? [];
    return pending.some((p) => p.activityType?.name === 'sendNotice' && (p.attempt ?? 0) >= 2);
  });
  expect((await getAccount(stack.db, accountId))!.status).toBe('suspended');
  await a.stop();

  // Worker B, with mail back, delivers the notice the case still owes.
  await stack.sink.restart();
  const b = await stack.startWorker();
  await stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'opened', 30_000);
  await until(async () => (await getNameCorrection(stack.deps, accountId)).events.some((e) => e.type === 'notice_sent'));
  await b.stop();

  // Worker C has never seen the case: it replays the history and carries on.
  await stack.startWorker();
  await submitNameCorrection(stack.deps, PLATFORM, accountId, { profile: { name: '军旅文艺爱好者' } });
  await reviewNameCorrection(stack.deps, principal('reviewer-li'), accountId, { reason: '合规', submissionNo: 1, decision: 'approve' });
  expect(await handle.result()).toMatchObject({ outcome: 'restored' });
  await recordHistory(stack.client, handle.workflowId, 'name-correction.signed.worker-restart');

  const actions = (await listRecords(stack.db, { caseRef })).map((r) => r.action);
  expect(actions).toEqual(['suspend_service', 'approve_correction', 'apply_profile', 'restore_service']);
  expect((await listNotices(stack.db, caseRef)).map((n) => n.kind)).toEqual(['opened', 'restored']);
  const mails = stack.sink.messages().filter((m) => m.to.includes(email)).map((m) => m.headers['x-notice-kind']);
  expect(mails).toEqual(['opened', 'restored']);
});
