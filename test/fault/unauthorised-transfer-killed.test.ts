/**
 * Unauthorised transfer: a worker SIGKILLed in each activity the process runs, each held after its work
 * committed (the worst moment); every case reaches its outcome with nothing lost or doubled.
 */
import { unauthorisedTransferDriver } from '../helpers/account-processes';
import { seedAccount, seedOperators } from '../helpers/stack';
import { startFaultStack, type FaultStack } from './fault-stack';
import { killInActivities, type Expected, type KillCase } from './kill-in-activities';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack();
  await seedOperators(stack.db);
});
afterAll(() => stack?.stop());

const RESTORED: Expected = {
  outcome: 'restored',
  status: 'active',
  records: ['suspend_service', 'holder_response', 'decide_restore', 'restore_service'],
  notices: ['opened', 'restored'],
  measures: ['suspend_service:lifted'],
  outbox: ['imposed:suspend_service', 'lifted:suspend_service'],
};
const TERMINATED: Expected = {
  outcome: 'terminated',
  status: 'terminated',
  records: ['suspend_service', 'holder_response', 'decide_termination', 'propose_termination', 'confirm_termination', 'terminate_service', 'reserve_name'],
  notices: ['opened', 'terminated'],
  measures: ['suspend_service:active', 'terminate_service:active'],
  outbox: ['imposed:suspend_service', 'imposed:terminate_service'],
};

test('a worker SIGKILLed in every activity of an unauthorised-transfer case: each case reaches its outcome, nothing lost or doubled', async () => {
  const ut = unauthorisedTransferDriver(stack);
  const awaitingAnswer = ut.noticed;
  const steps = {
    report: async (id: string) => void (await ut.report(id)),
    respond: async (id: string) => void (await ut.respond(id)),
    restore: async (id: string) => void (await ut.decide(id, 'restore')),
    terminate: async (id: string) => {
      await ut.decide(id, 'terminate', 'reviewer-li');
      await ut.propose(id, 'supervisor-zhao');
      await ut.confirm(id, 1, 'supervisor-wang');
    },
  };
  const run = (...fs: ((id: string) => Promise<void>)[]) => async (id: string) => {
    for (const f of fs) await f(id);
  };
  const c = (id: string, hold: KillCase['hold'], expected: Expected, before: KillCase['before'], after: KillCase['after'], record?: string): KillCase => ({
    id,
    hold,
    expected,
    before: async (x) => {
      await seedAccount(stack.db, x);
      await before(x);
    },
    after,
    result: (x) => ut.result(x),
    ...(record ? { record } : {}),
  });
  await killInActivities(stack, 'unauthorised-transfer', [
    c('u-suspend', { activity: 'imposeMeasure', kind: 'suspend_service' }, RESTORED, steps.report, run(awaitingAnswer, steps.respond, steps.restore), 'suspend_service'),
    c('u-notice', { activity: 'sendNotice', kind: 'opened' }, RESTORED, steps.report, run(awaitingAnswer, steps.respond, steps.restore)),
    c('u-response', { activity: 'recordDecision' }, RESTORED, run(steps.report, awaitingAnswer, steps.respond), steps.restore, 'holder_response'),
    c('u-restore', { activity: 'liftMeasures' }, RESTORED, run(steps.report, awaitingAnswer, steps.respond, steps.restore), async () => undefined, 'restore_service'),
    c('u-terminate', { activity: 'imposeMeasure', kind: 'terminate_service' }, TERMINATED, run(steps.report, awaitingAnswer, steps.respond, steps.terminate), async () => undefined, 'terminate_service'),
    c('u-reserve', { activity: 'reserveAccountName' }, TERMINATED, run(steps.report, awaitingAnswer, steps.respond, steps.terminate), async () => undefined, 'reserve_name'),
    c('u-last-notice', { activity: 'sendNotice', kind: 'terminated' }, TERMINATED, run(steps.report, awaitingAnswer, steps.respond, steps.terminate), async () => undefined),
  ]);
}, 300_000);
