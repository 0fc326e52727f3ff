import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { formatDeadline } from '../../mail/format';
import { normalizeName, pinyinKey } from '../../rules/names';
import { getAccount } from '../../store/accounts';
import { listMeasures } from '../../store/measures';
import { findReservedMatches } from '../../store/reserved-names';
import { unauthorisedTransferDriver, voluntaryClosureDriver } from '../helpers/account-processes';
import { testSigner } from '../helpers/action-keys';
import { seedAccount, seedOperators, startStack, type Stack } from '../helpers/stack';
import { startTimeSkipping } from '../helpers/time-skipping';
import { until } from '../helpers/wait';
import type { VoluntaryClosureResult } from '../../workflows/voluntary-closure/workflow';

// Freeze periods at the real default policy (under 10,000 followers 7 days, under 1,000,000 15 days,
// above 30 days; a reminder 48 h before), on the time-skipping server.
let env: TestWorkflowEnvironment;
let stack: Stack;
let vc: ReturnType<typeof voluntaryClosureDriver>;
beforeAll(async () => {
  env = await startTimeSkipping();
  stack = await startStack({ client: env.client, nativeConnection: env.nativeConnection, signer: testSigner(() => env.currentTimeMs()) });
  await seedOperators(stack.db);
  await stack.startWorker();
  vc = voluntaryClosureDriver(stack);
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test.each([
  ['vc-ts-small', '小区菜谱', 9_999, 7],
  ['vc-ts-mid', '城市骑行', 10_000, 15],
  ['vc-ts-big', '全国路况', 1_000_000, 30],
])('%s: %s with %d followers closes after a %d-day freeze, a reminder 48 h before; the name is reserved', async (accountId, name, followers, days) => {
  const { email } = await seedAccount(stack.db, accountId, name);
  const { caseRef } = await vc.apply(accountId, { request: 'close', followers });
  await until(async () => (await vc.state(accountId)).stage === 'freezing');
  const applied = await vc.state(accountId);
  const closesAt = Date.parse(applied.deadline!.at);
  expect(closesAt - Date.parse(applied.openedAt)).toBe(days * DAY);

  await env.sleep(days * DAY + HOUR);
  expect(await vc.result<VoluntaryClosureResult>(accountId, days === 7 ? 'closed' : undefined)).toMatchObject({ caseRef, outcome: 'closed' });
  const s = await vc.state(accountId);
  const reminders = s.events.filter((e) => e.type === 'reminder_sent').map((e) => Math.round((Date.parse(e.at) - closesAt) / HOUR));
  expect(reminders).toEqual([-48]);
  const closed = s.events.find((e) => e.type === 'measure_imposed' && e.measure === 'close_account')!;
  expect(Date.parse(closed.at) - closesAt).toBeGreaterThanOrEqual(0);
  expect(Date.parse(closed.at) - closesAt).toBeLessThan(60_000);

  expect((await getAccount(stack.db, accountId))!.status).toBe('terminated');
  expect((await listMeasures(stack.db, { caseRef })).map((m) => m.kind)).toEqual(['suspend_updates', 'close_account']);
  expect(await findReservedMatches(stack.db, normalizeName(name), pinyinKey(name))).toEqual([expect.objectContaining({ name, caseRef, accountId })]);
  expect(await vc.records(caseRef)).toEqual([`suspend_updates:holder:${accountId}`, `close_account:holder:${accountId}`, `reserve_name:holder:${accountId}`]);
  const mails = vc.messages(email);
  expect(mails.map((m) => m.headers['x-notice-kind'])).toEqual(['closure_applied', 'reminder', 'closed']);
  for (const m of mails) {
    expect(m.subject).toContain(caseRef);
    expect(m.text).toContain(formatDeadline(applied.deadline!.at));
  }
  expect(mails[0]!.text).toContain(`冻结期 ${days} 天`);
});

test('a cancel during the freeze (day 5 of 7): the account never closes', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'vc-ts-cancel', '手作时光');
  const { caseRef } = await vc.apply(accountId, { request: 'close', followers: 800 });
  await env.sleep(5 * DAY + 12 * HOUR);
  expect((await vc.state(accountId)).stage).toBe('freezing');
  await vc.cancel(accountId, '不注销了');
  expect(await vc.result<VoluntaryClosureResult>(accountId, 'cancelled-in-freeze')).toMatchObject({ outcome: 'cancelled' });
  await env.sleep(3 * DAY);
  expect((await getAccount(stack.db, accountId))!.status).toBe('active');
  expect((await listMeasures(stack.db, { caseRef })).filter((m) => m.liftedAt === null)).toEqual([]);
  // The reminder (48 h before the end) was due on day 5: it went out before the cancel.
  expect(vc.mails(email)).toEqual(['closure_applied', 'reminder', 'cancelled']);
});

test('a suspension with an end date ends by itself on that date: updates resume, the holder is told', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'vc-ts-until', '旅行札记');
  const until3 = new Date((await env.currentTimeMs()) + 3 * DAY).toISOString();
  const { caseRef } = await vc.apply(accountId, { request: 'suspend', until: until3 });
  await env.sleep(3 * DAY + HOUR);
  expect(await vc.result<VoluntaryClosureResult>(accountId, 'suspension-ended')).toMatchObject({ outcome: 'resumed' });
  const s = await vc.state(accountId);
  expect(s.deadline!.at).toBe(until3);
  // A suspension's end is nobody's to act on: no reminders.
  expect(s.events.filter((e) => e.type === 'reminder_sent')).toEqual([]);
  expect(await vc.records(caseRef)).toEqual([`suspend_updates:holder:${accountId}`, 'resume_updates:system']);
  expect(vc.mails(email)).toEqual(['suspended', 'resumed']);
});

test('a sanction opened during the freeze holds the closure: the account does not close, the holder is told why', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'vc-ts-held', '二手好物');
  const { caseRef } = await vc.apply(accountId, { request: 'close', followers: 50 });
  await env.sleep(2 * DAY);
  const ut = unauthorisedTransferDriver(stack);
  const report = await ut.report(accountId);
  await env.sleep(5 * DAY + HOUR);
  expect(await vc.result<VoluntaryClosureResult>(accountId, 'held')).toMatchObject({ outcome: 'stopped' });
  expect((await vc.state(accountId)).closure).toEqual({ outcome: 'stopped', cause: 'measure_in_force' });
  expect((await listMeasures(stack.db, { caseRef })).map((m) => `${m.kind}:${m.liftedAt ? 'lifted' : 'active'}`)).toEqual(['suspend_updates:lifted']);
  expect(await findReservedMatches(stack.db, normalizeName('二手好物'), pinyinKey('二手好物'))).toEqual([]);
  expect(await vc.records(caseRef)).toEqual([`suspend_updates:holder:${accountId}`, 'stop_closure:system']);
  const stopped = vc.messages(email).find((m) => m.headers['x-notice-kind'] === 'stopped' && m.subject.includes(caseRef))!;
  expect(stopped.text).toContain(`suspend_service（${report.caseRef}）`);
  // The sanction's own case goes on.
  expect((await getAccount(stack.db, accountId))!.status).toBe('suspended');
  await ut.withdraw(accountId);
  await ut.result(accountId);
});
