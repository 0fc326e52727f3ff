/**
 * Voluntary closure: a worker SIGKILLed in each activity the process runs, each held after its work
 * committed; every case reaches its outcome with nothing lost or doubled. The workers' policy shortens
 * the freeze of small accounts to a minute (no reminder), so their closures end within the test; the
 * cases that are cancelled are larger, and freeze for days.
 */
import { voluntaryClosureDriver } from '../helpers/account-processes';
import { seedAccount, seedOperators } from '../helpers/stack';
import { startFaultStack, type FaultStack } from './fault-stack';
import { killInActivities, policyFile, type Expected, type KillCase } from './kill-in-activities';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack();
  await seedOperators(stack.db);
});
afterAll(() => stack?.stop());

const CANCELLED: Expected = {
  outcome: 'cancelled',
  status: 'active',
  records: ['suspend_updates', 'cancel_closure'],
  notices: ['closure_applied', 'cancelled'],
  measures: ['suspend_updates:lifted'],
  outbox: ['imposed:suspend_updates', 'lifted:suspend_updates'],
};
const CLOSED: Expected = {
  outcome: 'closed',
  status: 'terminated',
  records: ['suspend_updates', 'close_account', 'reserve_name'],
  notices: ['closure_applied', 'closed'],
  measures: ['suspend_updates:active', 'close_account:active'],
  outbox: ['imposed:suspend_updates', 'imposed:close_account'],
};

test('a worker SIGKILLed in every activity of a voluntary closure: each case reaches its outcome, nothing lost or doubled', async () => {
  const vc = voluntaryClosureDriver(stack);
  const env = { POLICY_FILE: policyFile({ voluntaryClosure: { remindBefore: [], freeze: [{ followersBelow: 100, period: '1 minute' }, { period: '30 days' }] } }) };
  const applied = vc.noticed;
  const applyToClose = async (id: string) => void (await vc.apply(id, { request: 'close', followers: 10 }));
  const apply = async (id: string) => void (await vc.apply(id, { request: 'close', followers: 5_000 }));
  const cancel = async (id: string) => {
    await applied(id);
    await vc.cancel(id);
  };
  const nothing = async () => undefined;
  const c = (id: string, hold: KillCase['hold'], expected: Expected, before: KillCase['before'], after: KillCase['after'], record?: string): KillCase => ({
    id,
    hold,
    expected,
    before: async (x) => {
      await seedAccount(stack.db, x);
      await before(x);
    },
    after,
    result: (x) => vc.result(x),
    ...(record ? { record } : {}),
  });
  await killInActivities(
    stack,
    'voluntary-closure',
    [
      c('v-freeze', { activity: 'imposeMeasure', kind: 'suspend_updates' }, CANCELLED, apply, cancel, 'suspend_updates'),
      c('v-notice', { activity: 'sendNotice', kind: 'closure_applied' }, CANCELLED, apply, cancel),
      c('v-cancel', { activity: 'liftMeasures' }, CANCELLED, async (id) => (await apply(id), await cancel(id)), nothing, 'cancel_closure'),
      c('v-check', { activity: 'measuresOfOtherCases' }, CLOSED, applyToClose, nothing),
      c('v-close', { activity: 'imposeMeasure', kind: 'close_account' }, CLOSED, applyToClose, nothing, 'close_account'),
      c('v-reserve', { activity: 'reserveAccountName' }, CLOSED, applyToClose, nothing, 'reserve_name'),
      c('v-last-notice', { activity: 'sendNotice', kind: 'closed' }, CLOSED, applyToClose, nothing),
    ],
    env,
  );
}, 300_000);
