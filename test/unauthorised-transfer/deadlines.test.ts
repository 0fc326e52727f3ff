import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { formatDeadline } from '../../mail/format';
import { getAccount } from '../../store/accounts';
import { unauthorisedTransferDriver } from '../helpers/account-processes';
import { testSigner } from '../helpers/action-keys';
import { seedAccount, seedOperators, startStack, type Stack } from '../helpers/stack';
import { startTimeSkipping } from '../helpers/time-skipping';
import { until } from '../helpers/wait';
import type { UnauthorisedTransferResult } from '../../workflows/unauthorised-transfer/workflow';

// The holder's window at the real default policy (7 days, reminders 72 h and 24 h before), on the time-skipping server.
let env: TestWorkflowEnvironment;
let stack: Stack;
let ut: ReturnType<typeof unauthorisedTransferDriver>;
beforeAll(async () => {
  env = await startTimeSkipping();
  stack = await startStack({ client: env.client, nativeConnection: env.nativeConnection, signer: testSigner(() => env.currentTimeMs()) });
  await seedOperators(stack.db);
  await stack.startWorker();
  ut = unauthorisedTransferDriver(stack);
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test('no answer in 7 days: reminders at 72 h and 24 h, then a reviewer decides on the report alone; terminated under four eyes', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'ut-ts-silent', '每日财经');
  const { caseRef } = await ut.report(accountId);
  await env.sleep(7 * DAY + HOUR);
  await until(async () => (await ut.state(accountId)).stage === 'under_review');
  const s = await ut.state(accountId);
  expect(s.unanswered).toBe(true);
  // Too late to answer: the window has closed.
  await expect(ut.respond(accountId)).rejects.toThrow(/cannot answer the report: the case is under_review/);
  const deadline = Date.parse(s.deadline!.at);
  expect(deadline - Date.parse(s.openedAt)).toBe(7 * DAY);
  const reminders = s.events.filter((e) => e.type === 'reminder_sent').map((e) => Math.round((Date.parse(e.at) - deadline) / HOUR));
  expect(reminders).toEqual([-72, -24]);
  const passed = s.events.find((e) => e.type === 'deadline_passed')!;
  expect(Date.parse(passed.at) - deadline).toBeLessThan(60_000);

  await ut.decide(accountId, 'terminate', 'reviewer-li', '逾期未说明，挂牌信息属实');
  await ut.propose(accountId, 'reviewer-li');
  await ut.confirm(accountId, 1, 'supervisor-zhao');
  expect(await ut.result<UnauthorisedTransferResult>(accountId, 'deadline-passed')).toMatchObject({ outcome: 'terminated' });
  expect((await getAccount(stack.db, accountId))!.status).toBe('terminated');
  const mails = ut.messages(email);
  expect(mails.map((m) => m.headers['x-notice-kind'])).toEqual(['opened', 'reminder', 'reminder', 'terminated']);
  for (const m of mails) {
    expect(m.subject).toContain(caseRef);
    expect(m.text).toContain(formatDeadline(s.deadline!.at));
  }
});
