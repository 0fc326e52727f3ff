/**
 * The SMTP relay down for a while, then the database: cases go on as far as they can, wait out the
 * outage (activities retry, backing off), and finish with every record and notice exactly once.
 */
import { getAccount } from '../../store/accounts';
import { seedAccount, seedOperators } from '../helpers/stack';
import { until } from '../helpers/wait';
import { startFaultStack, type FaultStack } from './fault-stack';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack();
  await seedOperators(stack.db);
  stack.startWorker();
});
afterAll(() => stack?.stop());

const RESTORED = { records: ['suspend_service', 'approve_correction', 'apply_profile', 'restore_service'], notices: ['opened', 'restored'] };

async function open(id: string) {
  const { email } = await seedAccount(stack.db, id);
  const { caseRef } = await stack.nc.open(id);
  return { id, email, caseRef };
}

/**
 * Waits until the case's activity has failed `n` times: long enough that a retry policy with a
 * small attempt limit would have given up (the outage outlasts a few retries).
 */
async function retrying(id: string, activity: string, n = 3) {
  await until(async () => {
    const pending = (await stack.nc.handle(id).describe()).raw.pendingActivities ?? [];
    return pending.some((p) => p.activityType?.name === activity && (p.attempt ?? 0) > n);
  }, 60_000);
}

async function expectRestoredOnce(c: { id: string; email: string; caseRef: string }) {
  expect(await stack.nc.result(c.id)).toMatchObject({ outcome: 'restored' });
  const got = await stack.outcomeOf(c.caseRef, c.email);
  expect({ id: c.id, ...got, messageIds: new Set(got.messageIds).size }).toEqual({
    id: c.id,
    records: RESTORED.records,
    notices: RESTORED.notices,
    mails: RESTORED.notices,
    messageIds: 2,
  });
  expect((await getAccount(stack.db, c.id))!.status).toBe('active');
}

const approve = (id: string) => stack.nc.approve(id);

test('SMTP down for a while: measures go ahead, notices wait, and each goes out once when the relay is back', async () => {
  await stack.sink.stop();
  const cases = await Promise.all(['smtp-1', 'smtp-2', 'smtp-3'].map(open));
  for (const c of cases) await retrying(c.id, 'sendNotice');
  // The accounts are suspended all the same: a measure does not wait for its notice.
  for (const c of cases) expect((await getAccount(stack.db, c.id))!.status).toBe('suspended');
  expect(stack.sink.messages()).toHaveLength(0);

  await stack.sink.restart();
  for (const c of cases) {
    await stack.nc.noticed(c.id);
    await stack.nc.submit(c.id, { name: `生活记录${c.id}` });
    await approve(c.id);
  }
  for (const c of cases) await expectRestoredOnce(c);
}, 180_000);

test('the database unavailable for a while: operators still act, the case catches up, nothing lost or doubled', async () => {
  const cases = await Promise.all(['db-1', 'db-2', 'db-3'].map(open));
  for (const c of cases) await stack.sink.waitFor((m) => m.to.includes(c.email) && m.headers['x-notice-kind'] === 'opened', 60_000);
  await stack.nc.submit('db-2', { name: '生活记录db-2' });
  await stack.nc.submit('db-3', { name: '生活记录db-3' });

  await stack.stopDatabase();
  // Actions reach the case with the database down; what needs the database waits for it.
  const submitted = stack.nc.submit('db-1', { name: '生活记录db-1' });
  await approve('db-2');
  await approve('db-3');
  await Promise.all([retrying('db-1', 'checkProposedProfile'), retrying('db-2', 'recordDecision'), retrying('db-3', 'recordDecision')]);

  await stack.startDatabase();
  expect(await submitted).toMatchObject({ submissionNo: 1, passed: true });
  await approve('db-1');
  for (const c of cases) await expectRestoredOnce(c);
}, 180_000);
