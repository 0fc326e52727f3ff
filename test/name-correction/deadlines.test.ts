import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { extendNameCorrectionDeadline, getNameCorrection, reviewNameCorrection, submitNameCorrection } from '../../services/name-correction';
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { findReservedMatches } from '../../store/reserved-names';
import { normalizeName, pinyinKey } from '../../rules/names';
import { formatDeadline } from '../../mail/format';
import type { NameCorrectionState } from '../../workflows/name-correction/state';
type CaseEvent = NameCorrectionState['events'][number];
import { seedAccount, seedOperators, startStack, type Stack } from '../helpers/stack';
import { nameCorrectionDriver, type NameCorrectionDriver } from '../helpers/name-correction';
import { startTimeSkipping } from '../helpers/time-skipping';
import { principal, PLATFORM } from '../helpers/principals';
import { testSigner } from '../helpers/action-keys';
import { until } from '../helpers/wait';
import { awaiting } from '../../workflows/name-correction/state';

// Deadlines at the real default policy (7 days, reminders 72 h and 24 h before), on the time-skipping server.
let env: TestWorkflowEnvironment;
let stack: Stack;
let nc: NameCorrectionDriver;

beforeAll(async () => {
  env = await startTimeSkipping();
  // Seals are dated by the time-skipping server's clock, as the cases' time is.
  stack = await startStack({ client: env.client, nativeConnection: env.nativeConnection, signer: testSigner(() => env.currentTimeMs()) });
  await seedOperators(stack.db);
  await stack.startWorker();
  nc = nameCorrectionDriver(stack);
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const at = (events: CaseEvent[], type: CaseEvent['type']) => events.filter((e) => e.type === type).map((e) => Date.parse(e.at));

/** Until the case waits for four eyes on its termination (time skips while the test polls). */
const terminationDue = (accountId: string) => until(async () => (await getNameCorrection(stack.deps, accountId)).stage === 'termination_due');

test('deadline passed after 7 days without a correction: reminders at 72 h and 24 h; terminated and the name reserved once a second supervisor confirms', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'ts-deadline', '国务院办公');
  const { caseRef } = await nc.open(accountId);
  await env.sleep(7 * DAY + HOUR);
  await terminationDue(accountId);
  // Nothing irreversible by itself: the account stays suspended until the proposal is confirmed.
  expect((await getAccount(stack.db, accountId))!.status).toBe('suspended');
  await nc.propose(accountId, 'reviewer-li');
  await nc.confirm(accountId, 1, 'supervisor-wang');
  expect(await nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'terminated', submissions: 0 });

  const state = await getNameCorrection(stack.deps, accountId);
  const opened = Date.parse(state.openedAt);
  const deadline = Date.parse(state.deadline!.at);
  expect(deadline - opened).toBe(7 * DAY);
  const reminders = at(state.events, 'reminder_sent');
  expect(reminders).toHaveLength(2);
  expect(Math.abs(reminders[0]! - (deadline - 72 * HOUR))).toBeLessThan(60_000);
  expect(Math.abs(reminders[1]! - (deadline - 24 * HOUR))).toBeLessThan(60_000);
  const passed = at(state.events, 'deadline_passed')[0]!;
  expect(passed).toBeGreaterThanOrEqual(deadline);
  expect(passed - deadline).toBeLessThan(60_000);

  expect((await getAccount(stack.db, accountId))!.status).toBe('terminated');
  const reserved = await findReservedMatches(stack.db, normalizeName('国务院办公'), pinyinKey('国务院办公'));
  expect(reserved).toEqual([expect.objectContaining({ name: '国务院办公', caseRef, accountId })]);
  expect((await listRecords(stack.db, { caseRef })).map((r) => r.action)).toEqual([
    'suspend_service',
    'propose_termination',
    'confirm_termination',
    'terminate_service',
    'reserve_name',
  ]);

  const mails = stack.sink.messages().filter((m) => m.to.includes(email));
  expect(mails.map((m) => m.headers['x-notice-kind'])).toEqual(['opened', 'reminder', 'reminder', 'terminated']);
  for (const m of mails) {
    expect(m.subject).toContain(caseRef);
    expect(m.headers['x-deadline']).toBe(state.deadline!.at);
    expect(m.text).toContain(formatDeadline(state.deadline!.at)); // e.g. 2026年11月30日 21:20（北京时间）
  }
  expect(mails[3]!.text).toContain('未在期限内完成改正');
});

test('an extension moves the deadline and the reminders with it', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'ts-extend', '人大代表说');
  await nc.open(accountId);
  await env.sleep(6 * DAY + HOUR); // both reminders of the first deadline are out
  const before = await getNameCorrection(stack.deps, accountId);
  const newDeadline = new Date(Date.parse(before.deadline!.at) + 3 * DAY).toISOString();
  await extendNameCorrectionDeadline(stack.deps, principal('supervisor-wang'), accountId, { reason: '节假日顺延', newDeadline });
  await env.sleep(4 * DAY);
  await terminationDue(accountId);
  await nc.propose(accountId, 'reviewer-li');
  await nc.confirm(accountId, 1, 'supervisor-zhao');
  expect(await nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'terminated' });

  const state = await getNameCorrection(stack.deps, accountId);
  const reminders = at(state.events, 'reminder_sent');
  const first = Date.parse(before.deadline!.at);
  const second = Date.parse(newDeadline);
  expect(reminders.map((t) => Math.round((t - (t < first ? first : second)) / HOUR))).toEqual([-72, -24, -72, -24]);
  expect(at(state.events, 'deadline_passed')[0]! - second).toBeLessThan(60_000);
  const kinds = stack.sink.messages().filter((m) => m.to.includes(email)).map((m) => m.headers['x-notice-kind']);
  expect(kinds).toEqual(['opened', 'reminder', 'reminder', 'deadline_extended', 'reminder', 'reminder', 'terminated']);
});

test('a correction under review when the deadline passes is decided, not cut off', async () => {
  const { accountId } = await seedAccount(stack.db, 'ts-review', '中央厨房');
  await nc.open(accountId);
  await env.sleep(6 * DAY + 12 * HOUR);
  await submitNameCorrection(stack.deps, PLATFORM, accountId, { profile: { name: '王家厨房' } });
  await env.sleep(2 * DAY); // past the deadline, the reviewer has not decided yet
  const waiting = await getNameCorrection(stack.deps, accountId);
  expect(waiting.stage).toBe('under_review');
  expect((await getAccount(stack.db, accountId))!.status).toBe('suspended');
  const intoThePast = new Date(Date.parse(waiting.deadline!.at) + 3_600_000).toISOString();
  await expect(
    extendNameCorrectionDeadline(stack.deps, principal('supervisor-wang'), accountId, { reason: '补救', newDeadline: intoThePast }),
  ).rejects.toThrow(/newDeadline: must be in the future/);

  await reviewNameCorrection(stack.deps, principal('reviewer-li'), accountId, { reason: '合规', submissionNo: 1, decision: 'approve' });
  expect(await nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'restored' });
  expect(await getAccount(stack.db, accountId)).toMatchObject({ status: 'active', name: '王家厨房' });
});

test('a correction rejected after the deadline ends the case: terminated', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'ts-late-reject', '公安速报');
  await nc.open(accountId);
  await env.sleep(6 * DAY + 12 * HOUR);
  await submitNameCorrection(stack.deps, PLATFORM, accountId, { profile: { name: '平安速报' } });
  await env.sleep(DAY);
  await reviewNameCorrection(stack.deps, principal('supervisor-zhao'), accountId, { reason: '仍易误解', submissionNo: 1, decision: 'reject' });
  await terminationDue(accountId);
  // Four eyes: who decided the case (rejected its correction) may propose, not confirm.
  await nc.propose(accountId, 'supervisor-zhao');
  await expect(nc.confirm(accountId, 1, 'supervisor-sun')).resolves.toMatchObject({ stage: 'closing' });
  expect(await nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'terminated' });
  const kinds = stack.sink.messages().filter((m) => m.to.includes(email)).map((m) => m.headers['x-notice-kind']);
  // No "try again" notice when no time remains: the termination notice says what happened.
  expect(kinds).toEqual(['opened', 'reminder', 'reminder', 'terminated']);
});

test('four eyes: a termination left unconfirmed past its deadline is escalated, and still waits for a second supervisor', async () => {
  const { accountId } = await seedAccount(stack.db, 'ts-escalate', '检察院通报');
  const { caseRef } = await nc.open(accountId);
  await env.sleep(7 * DAY + HOUR);
  await terminationDue(accountId);
  await nc.propose(accountId, 'supervisor-zhao', '到期未改正');
  await env.sleep(DAY + HOUR); // the policy's 24 hours to confirm lapse
  await until(async () => (await nc.records(caseRef)).includes('escalate_termination:system'));
  const state = await getNameCorrection(stack.deps, accountId);
  expect(state.stage).toBe('termination_proposed');
  expect(state.events.filter((e) => e.type === 'confirmation_overdue')).toEqual([expect.objectContaining({ proposalNo: 1, by: 'system' })]);
  expect(awaiting(state)).toMatch(/^a second supervisor \(not supervisor-zhao, .*proposal 1 \(OVERDUE since .*: escalated\)$/);
  const mail = await stack.sink.waitFor((m) => m.to.includes('compliance-supervisors@platform.example'));
  expect(mail.headers['x-notice-kind']).toBe('escalation');
  expect(mail.subject).toContain(caseRef);
  expect((await getAccount(stack.db, accountId))!.status).toBe('suspended');

  // Still waiting: the proposer cannot end the wait alone; a second supervisor can.
  await expect(nc.confirm(accountId, 1, 'supervisor-zhao')).rejects.toThrow(/four eyes: "supervisor-zhao" proposed this termination and may not confirm it/);
  await nc.confirm(accountId, 1, 'supervisor-wang');
  expect(await nc.result(accountId, `name-correction.signed.${accountId}`)).toMatchObject({ outcome: 'terminated' });
  expect((await getAccount(stack.db, accountId))!.status).toBe('terminated');
});
