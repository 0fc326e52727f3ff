import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { awaiting } from '../../workflows/registration/state';
import { testSigner } from '../helpers/action-keys';
import { registrationDriver, type RegistrationDriver } from '../helpers/registration';
import { seedOperators, startStack, type Stack } from '../helpers/stack';
import { startTimeSkipping } from '../helpers/time-skipping';
import { until } from '../helpers/wait';

// The review deadline at the real default policy (5 days), on the time-skipping server.
let env: TestWorkflowEnvironment;
let stack: Stack;
let rg: RegistrationDriver;

beforeAll(async () => {
  env = await startTimeSkipping();
  stack = await startStack({ client: env.client, nativeConnection: env.nativeConnection, signer: testSigner(() => env.currentTimeMs()) });
  await seedOperators(stack.db);
  await stack.startWorker();
  rg = registrationDriver(stack);
});
afterAll(async () => {
  await stack?.stop();
  await env?.teardown();
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test('a review that lapses after 5 days is escalated once to the escalation address, shows OVERDUE, and the case goes on waiting for a reviewer', async () => {
  const a = await rg.applicant();
  const answer = await rg.register(a, 'rg-lapse', '官方摄影指南');
  expect(answer.outcome).toBe('held');
  const { caseRef } = answer as { caseRef: string };
  await env.sleep(5 * DAY + HOUR);
  await until(async () => (await rg.state('rg-lapse')).overdue?.escalated === true);

  const state = await rg.state('rg-lapse');
  expect(state.stage).toBe('under_review');
  expect(Date.parse(state.overdue!.since) - Date.parse(state.openedAt)).toBe(5 * DAY);
  expect(awaiting(state)).toMatch(/OVERDUE since .*: escalated/);
  const escalations = stack.sink.messages().filter((m) => m.to.includes(stack.policy.escalation.email));
  expect(escalations).toHaveLength(1);
  expect(escalations[0]!.subject).toContain(caseRef);
  expect(escalations[0]!.subject).toContain('registration review overdue');
  expect(escalations[0]!.text).toContain('rg-lapse');
  // Reviewers get no reminders; the applicant got the hold notice only.
  expect(stack.sink.messages().filter((m) => m.to.includes(a.email)).map((m) => m.headers['x-notice-kind'])).toEqual(['held']);

  // Another week: no second escalation; a reviewer then approves.
  await env.sleep(7 * DAY);
  expect(stack.sink.messages().filter((m) => m.to.includes(stack.policy.escalation.email))).toHaveLength(1);
  await rg.approve('rg-lapse');
  expect(await rg.result('rg-lapse', 'registration.escalated-approved')).toMatchObject({ outcome: 'registered' });
  expect(await getAccount(stack.db, 'rg-lapse')).toMatchObject({ status: 'active' });
  expect((await listRecords(stack.db, { caseRef })).map((r) => r.action)).toEqual(['hold_registration', 'escalate_review', 'register_account']);
});
