/**
 * A worker SIGKILLed in the middle of what an action set off, with everything in front of it as
 * production has it: the API over real HTTP, real tokens, a network that loses the API's answer
 * (test/helpers/lossy-proxy.ts), and the client retrying with the same Idempotency-Key.
 *
 * - A review approval: its answer is lost on the way back; the worker carries out the approval and is
 *   killed after the restoration (the suspension lifted) committed, before it reported. The client
 *   retries while no worker is up, and again once the case has closed.
 * - A four-eyes confirmation, sent while the worker is dead (killed after the refusal's record
 *   committed, the proposal's still owed): the client gives up waiting; a new worker starts; the
 *   client retries.
 *
 * Either way the outcome is exactly once (one record per decision, one measure change, one notice, the
 * case closed as decided), and the retried request's answer equals the one the API gave first.
 */
import { randomBytes } from 'node:crypto';
import { bootstrapFirstAdmin, FIRST_ADMIN_ID } from '../../api/auth/bootstrap';
import { createApiToken } from '../../api/auth/token-admin';
import { startApi } from '../../api/server';
import { createComplianceClient, type ComplianceClient } from '../../client';
import { testIdentityDeps } from '../helpers/identity';
import { secretBox } from '../../webhooks/secret-box';
import { parsePolicy } from '../../policy/policy';
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
import { startLossyProxy, type LossyProxy } from '../helpers/lossy-proxy';
import { FINDING, seedAccount, seedOperators } from '../helpers/stack';
import { until } from '../helpers/wait';
import type { WorkerProcess } from '../helpers/worker-process';
import { startFaultStack, type FaultStack } from './fault-stack';

const REVIEW = 'ak-review' as const;
const CONFIRM = 'ak-confirm' as const;
const CALLERS = { platform: 'content-risk-service', reviewer: 'reviewer-li', supervisor: 'supervisor-wang' } as const;

let stack: FaultStack;
let proxy: LossyProxy;
let stopApi: () => Promise<void>;
/** The worker that stops dead mid-action: killed in afterAll too, if the test fails first (it would never drain). */
let doomed: WorkerProcess | undefined;
const tokens = {} as Record<keyof typeof CALLERS, string>;

beforeAll(async () => {
  stack = await startFaultStack();
  await seedOperators(stack.db);
  const api = await startApi({ ...stack.deps, policy: parsePolicy({}), webhookSecrets: secretBox(randomBytes(32)), ...testIdentityDeps(stack.db) }, { port: 0 });
  stopApi = api.stop;
  proxy = await startLossyProxy(api.url);
  await bootstrapFirstAdmin(stack.deps);
  const admin = { id: FIRST_ADMIN_ID, roles: ['admin' as const] };
  for (const [role, id] of Object.entries(CALLERS)) {
    tokens[role as keyof typeof CALLERS] = (await createApiToken(stack.db, admin, { subject: id, label: `fault test ${role}` })).token;
  }
}, 60_000);
afterAll(async () => {
  await doomed?.kill();
  await proxy?.stop();
  await stopApi?.();
  await stack?.stop();
});

/** A client of the API through the lossy network; `giveUpAfterMs`: it stops waiting for an answer then, as a client with a timeout does. */
const as = (role: keyof typeof CALLERS, giveUpAfterMs = 60_000): ComplianceClient =>
  createComplianceClient({ baseUrl: proxy.url, token: tokens[role], fetch: (url, init) => fetch(url, { ...init, signal: AbortSignal.timeout(giveUpAfterMs) }) });

/** What the API answered to a request with this key, lost or not, in order. */
const answersTo = (key: string) => proxy.answers.filter((a) => a.idempotencyKey === key);

/** The case's events of a type, read through the API. */
async function eventsOf(accountId: string, type: string) {
  const state = await as('reviewer').nameCorrection.get(accountId);
  return state.events.filter((e) => e.type === type);
}

test('a worker killed mid-action behind the API, answers lost, the client retries with the same key: exactly once, the same answer', async () => {
  const emails = { [REVIEW]: (await seedAccount(stack.db, REVIEW)).email, [CONFIRM]: (await seedAccount(stack.db, CONFIRM)).email };
  // The doomed worker stops dead after the approval's restoration and after the refusal's record, each committed.
  doomed = stack.startWorker({
    entry: 'test/fault/holding-worker.ts',
    env: {
      HOLD_ACTIVITIES: JSON.stringify([
        { workflowId: caseWorkflowId('name-correction', REVIEW), activity: 'liftMeasures' },
        { workflowId: caseWorkflowId('name-correction', CONFIRM), activity: 'recordDecision' },
      ]),
    },
  });

  const platform = as('platform');
  const refs: Record<string, string> = {};
  for (const accountId of [REVIEW, CONFIRM]) {
    refs[accountId] = (await platform.nameCorrection.open({ accountId, findings: [FINDING] })).caseRef;
    // Until the opening notice went out (the case answers 404 "still opening" until a worker picks it up).
    await until(async () => (await eventsOf(accountId, 'notice_sent').catch(() => [])).length > 0, 90_000);
  }

  // The review approval: carried out, but its answer is lost on the way back.
  await platform.nameCorrection.submit(REVIEW, { profile: { name: '生活记录' } });
  const approve = { decision: 'approve', submissionNo: 1, reason: '更正后的名称合规' } as const;
  proxy.dropAnswerTo((method, path) => method === 'POST' && path.endsWith(`/${REVIEW}/review`));
  await expect(as('reviewer').nameCorrection.review(REVIEW, approve, { idempotencyKey: 'ak-approve-1' })).rejects.toMatchObject({ name: 'ComplianceUnreachableError' });
  const [first] = answersTo('ak-approve-1');
  expect(first).toMatchObject({ status: 200, lost: true, body: { stage: 'closing', closure: { outcome: 'restored' } } });

  // The four-eyes path up to the proposal; the doomed worker commits the refusal's record and never reports.
  await platform.nameCorrection.refuse(CONFIRM, { statement: '不改' });
  await as('reviewer').nameCorrection.proposeTermination(CONFIRM, { reason: '用户拒绝改正，建议终止服务' });

  await doomed.waitForLine(new RegExp(`^HELD ${caseWorkflowId('name-correction', REVIEW)} liftMeasures$`));
  await doomed.waitForLine(new RegExp(`^HELD ${caseWorkflowId('name-correction', CONFIRM)} recordDecision$`));
  expect((await stack.measuresOf(refs[REVIEW]!)).measures).toEqual(['suspend_service:lifted']);
  expect((await listRecords(stack.db, { caseRef: refs[CONFIRM] })).map((r) => r.action)).toEqual(['suspend_service', 'refuse_correction']);
  await doomed.kill();

  // No worker now. The reviewer's client retries: the approval is not taken again, and the answer is the first one.
  const retried = await as('reviewer').nameCorrection.review(REVIEW, approve, { idempotencyKey: 'ak-approve-1' });
  expect(retried).toEqual(first!.body);

  // The supervisor confirms while no worker can take it: the client gives up waiting, with no answer.
  const confirm = { proposalNo: 1, reason: '复核无误，同意终止' };
  await expect(as('supervisor', 3_000).nameCorrection.confirmTermination(CONFIRM, confirm, { idempotencyKey: 'ak-confirm-1' })).rejects.toMatchObject({
    name: 'ComplianceUnreachableError',
  });

  // A new worker takes over (the dead one's activities are retried after their heartbeat timeout).
  stack.startWorker();
  const confirmed = await as('supervisor').nameCorrection.confirmTermination(CONFIRM, confirm, { idempotencyKey: 'ak-confirm-1' });
  // The API answered the request the client gave up on too, once a worker took it: the same answer.
  // Which of the two answers first is a race (both wait for the same update), so they are compared as a set.
  await until(async () => answersTo('ak-confirm-1').length === 2);
  const confirmAnswers = [...answersTo('ak-confirm-1')].sort((a, b) => Number(b.lost) - Number(a.lost));
  expect(confirmAnswers.map((a) => [a.status, a.lost])).toEqual([
    [200, true],
    [200, false],
  ]);
  expect(confirmed).toEqual(confirmAnswers[0]!.body);
  expect(confirmAnswers[1]!.body).toEqual(confirmAnswers[0]!.body);
  expect(confirmed).toMatchObject({ stage: 'closing', closure: { outcome: 'terminated' } });

  const results = await Promise.all([REVIEW, CONFIRM].map((a) => stack.client.workflow.getHandle(caseWorkflowId('name-correction', a)).result()));
  expect(results.map((r: { outcome: string }) => r.outcome)).toEqual(['restored', 'terminated']);

  // Retried once more after the case closed (a client that waited out a long outage): still the first answer.
  expect(await as('reviewer').nameCorrection.review(REVIEW, approve, { idempotencyKey: 'ak-approve-1' })).toEqual(first!.body);

  const expected = {
    [REVIEW]: {
      records: ['suspend_service', 'approve_correction', 'apply_profile', 'restore_service'],
      notices: ['opened', 'restored'],
      measures: ['suspend_service:lifted'],
      outbox: ['imposed:suspend_service', 'lifted:suspend_service'],
      decided: ['correction_reviewed', 1],
      status: 'active',
    },
    [CONFIRM]: {
      records: ['suspend_service', 'refuse_correction', 'propose_termination', 'confirm_termination', 'terminate_service', 'reserve_name'],
      notices: ['opened', 'terminated'],
      measures: ['suspend_service:active', 'terminate_service:active'],
      outbox: ['imposed:suspend_service', 'imposed:terminate_service'],
      decided: ['termination_confirmed', 1],
      status: 'terminated',
    },
  };
  for (const accountId of [REVIEW, CONFIRM] as const) {
    const want = expected[accountId];
    const got = await stack.outcomeOf(refs[accountId]!, emails[accountId]);
    expect({ accountId, ...got, messageIds: new Set(got.messageIds).size }).toEqual({
      accountId,
      records: want.records,
      notices: want.notices,
      mails: want.notices,
      messageIds: want.notices.length,
    });
    expect({ accountId, ...(await stack.measuresOf(refs[accountId]!)) }).toEqual({ accountId, measures: want.measures, outbox: want.outbox });
    // The case took the decision once: one event of it in its history, read through the API.
    expect([want.decided[0], (await eventsOf(accountId, want.decided[0] as string)).length]).toEqual(want.decided);
    expect((await getAccount(stack.db, accountId))!.status).toBe(want.status);
  }
}, 240_000);
