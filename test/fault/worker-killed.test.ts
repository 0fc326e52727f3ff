/**
 * SIGKILL a worker in the middle of every kind of activity. The held activities have done their work
 * (record and change committed, e-mail accepted) but never report back, the worst moment for a crash:
 * the retry on another worker must find the work done and not do it again. One notice is caught
 * earlier still, with the relay hanging mid-transaction: it must be sent once, not lost.
 *
 * Checked by removing each idempotency guard in turn (see docs/FAULTS.md): the test then fails.
 */
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
const nameCorrectionWorkflowId = (accountId: string) => caseWorkflowId('name-correction', accountId);
import { seedAccount, seedOperators } from '../helpers/stack';
import { until } from '../helpers/wait';
import { startFaultStack, type FaultStack } from './fault-stack';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack();
  await seedOperators(stack.db);
});
afterAll(() => stack?.stop());

// Measures and their outbox events count too: a measure applied twice would show as a second row
// (nothing but the record's idempotency key stops it; see activities/account-measures.ts).
const RESTORED = {
  records: ['suspend_service', 'approve_correction', 'apply_profile', 'restore_service'],
  notices: ['opened', 'restored'],
  measures: ['suspend_service:lifted'],
  outbox: ['imposed:suspend_service', 'lifted:suspend_service'],
};
const TERMINATED = {
  records: ['suspend_service', 'refuse_correction', 'propose_termination', 'confirm_termination', 'terminate_service', 'reserve_name'],
  notices: ['opened', 'terminated'],
  measures: ['suspend_service:active', 'terminate_service:active'],
  outbox: ['imposed:suspend_service', 'imposed:terminate_service'],
};

/** Where each case is caught when the worker dies, and what the operators do before and after. */
const CASES = [
  { id: 'k-suspend', hold: 'imposeMeasure', kind: 'suspend_service', path: 'restored', record: 'suspend_service' },
  { id: 'k-notice', hold: 'sendNotice', kind: 'opened', path: 'restored' },
  { id: 'k-smtp', stall: true, path: 'restored' },
  { id: 'k-check', hold: 'checkProposedProfile', path: 'restored' },
  { id: 'k-decision', hold: 'recordDecision', path: 'restored', record: 'approve_correction' },
  { id: 'k-apply', hold: 'applyCorrectedProfile', path: 'restored', record: 'apply_profile' },
  { id: 'k-restore', hold: 'liftMeasures', path: 'restored', record: 'restore_service' },
  { id: 'k-terminate', hold: 'imposeMeasure', kind: 'terminate_service', path: 'terminated', record: 'terminate_service' },
  { id: 'k-reserve', hold: 'reserveAccountName', path: 'terminated', record: 'reserve_name' },
  { id: 'k-last-notice', hold: 'sendNotice', kind: 'terminated', path: 'terminated' },
] as const;

/** How far the operators take each case while the doomed worker runs. */
function actionsBeforeKill(c: (typeof CASES)[number]): 'none' | 'submit' | 'approve' | 'refuse' {
  if (c.path === 'terminated') return 'refuse';
  if (c.id === 'k-check') return 'submit';
  if (['k-decision', 'k-apply', 'k-restore'].includes(c.id)) return 'approve';
  return 'none';
}

test('a worker SIGKILLed in the middle of every kind of activity: every case reaches its outcome, nothing lost or doubled', async () => {
  const accounts = new Map<string, { email: string; caseRef: string }>();
  const holds = CASES.filter((c) => 'hold' in c).map((c) => ({
    workflowId: nameCorrectionWorkflowId(c.id),
    activity: (c as { hold: string }).hold,
    ...('kind' in c ? { kind: c.kind } : {}),
  }));
  const stalled: string[] = [];
  stack.onStall = (to) => stalled.push(...to);

  const doomed = stack.startWorker({ entry: 'test/fault/holding-worker.ts', env: { HOLD_ACTIVITIES: JSON.stringify(holds) } });
  const pendingSubmits: Promise<unknown>[] = [];
  await Promise.all(
    CASES.map(async (c) => {
      const { email } = await seedAccount(stack.db, c.id);
      if ('stall' in c) stack.stallFor.add(email);
      const { caseRef } = await stack.nc.open(c.id);
      accounts.set(c.id, { email, caseRef });
      const act = actionsBeforeKill(c);
      if (act === 'none') return;
      await stack.nc.noticed(c.id);
      if (act === 'refuse') {
        // Four eyes: the refusal's termination, proposed and confirmed by two operators.
        await stack.nc.refuse(c.id, '不改');
        await stack.nc.propose(c.id);
        return void (await stack.nc.confirm(c.id));
      }
      const submit = stack.nc.submit(c.id, { name: `生活记录${c.id.slice(2)}` });
      if (act === 'submit') return void pendingSubmits.push(submit); // answered only after the kill
      await submit;
      await stack.nc.approve(c.id);
    }),
  );

  // Every held activity has done its work; the hanging relay has the message but has not answered.
  for (const h of holds) await doomed.waitForLine(new RegExp(`^HELD ${h.workflowId} ${h.activity}$`));
  await until(async () => stalled.includes(accounts.get('k-smtp')!.email));
  for (const c of CASES) {
    if ('record' in c) {
      const done = (await listRecords(stack.db, { caseRef: accounts.get(c.id)!.caseRef })).map((r) => r.action);
      expect(done).toContain(c.record);
    }
  }
  expect(stack.sink.messages().filter((m) => m.to.includes(accounts.get('k-notice')!.email))).toHaveLength(1);
  await doomed.kill();

  // Another worker takes over once the dead one's heartbeats stop.
  stack.startWorker();
  await Promise.all(pendingSubmits);
  await Promise.all(
    CASES.filter((c) => c.path === 'restored' && actionsBeforeKill(c) === 'none').map(async (c) => {
      await stack.nc.noticed(c.id);
      await stack.nc.submit(c.id, { name: `生活记录${c.id.slice(2)}` });
    }),
  );
  await Promise.all(
    CASES.filter((c) => c.path === 'restored' && actionsBeforeKill(c) !== 'approve').map((c) =>
      stack.nc.approve(c.id),
    ),
  );

  for (const c of CASES) {
    const result = await stack.nc.result(c.id);
    expect({ id: c.id, outcome: result.outcome }).toEqual({ id: c.id, outcome: c.path });
    const { email, caseRef } = accounts.get(c.id)!;
    const expected = c.path === 'restored' ? RESTORED : TERMINATED;
    const got = await stack.outcomeOf(caseRef, email);
    expect({ id: c.id, ...got, messageIds: new Set(got.messageIds).size }).toEqual({
      id: c.id,
      records: expected.records,
      notices: expected.notices,
      mails: expected.notices,
      messageIds: expected.notices.length,
    });
    expect({ id: c.id, ...(await stack.measuresOf(caseRef)) }).toEqual({ id: c.id, measures: expected.measures, outbox: expected.outbox });
    expect((await getAccount(stack.db, c.id))!.status).toBe(c.path === 'restored' ? 'active' : 'terminated');
  }
}, 240_000);
