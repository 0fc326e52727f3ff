/**
 * Scale-out: two worker processes on one task queue share the cases; one is killed mid-run and the
 * other finishes every case, each with its records and notices exactly once.
 */
import { seedAccount, seedOperators } from '../helpers/stack';
import { startFaultStack, type FaultStack } from './fault-stack';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack();
  await seedOperators(stack.db);
});
afterAll(() => stack?.stop());

/** Which worker processes (by pid) ran activities of a case, from its history. */
async function workersOf(id: string): Promise<Set<string>> {
  const history = await stack.nc.handle(id).fetchHistory();
  const pids = (history.events ?? []).map((e) => e.activityTaskStartedEventAttributes?.identity?.split('@')[0]).filter((p) => p !== undefined);
  return new Set(pids as string[]);
}

test('two workers share the load; one killed mid-run, the other finishes every case once', async () => {
  const a = stack.startWorker();
  const b = stack.startWorker();
  await Promise.all([a.waitForLine(/worker polling/), b.waitForLine(/worker polling/)]);

  const ids = Array.from({ length: 16 }, (_, i) => `scale-${i + 1}`);
  const cases = new Map<string, { email: string; caseRef: string }>();
  for (const id of ids) {
    const { email } = await seedAccount(stack.db, id);
    const { caseRef } = await stack.nc.open(id);
    cases.set(id, { email, caseRef });
  }
  const drive = async (id: string) => {
    await stack.nc.noticed(id);
    await stack.nc.submit(id, { name: `生活记录${id}` });
    await stack.nc.approve(id);
  };

  // Half the cases run to their end with both workers up: both take a share.
  await Promise.all(ids.slice(0, 8).map(drive));
  await Promise.all(ids.slice(0, 8).map((id) => stack.nc.result(id)));
  const shared = new Set<string>();
  for (const id of ids.slice(0, 8)) for (const pid of await workersOf(id)) shared.add(pid);
  expect(shared).toEqual(new Set([String(a.pid), String(b.pid)]));

  // Worker A dies while the rest are in flight; B carries all of them.
  const rest = Promise.all(ids.slice(8).map(drive));
  await a.kill();
  await rest;
  for (const id of ids) {
    expect(await stack.nc.result(id)).toMatchObject({ outcome: 'restored' });
    const { email, caseRef } = cases.get(id)!;
    const got = await stack.outcomeOf(caseRef, email);
    expect({ id, ...got, messageIds: new Set(got.messageIds).size }).toEqual({
      id,
      records: ['suspend_service', 'approve_correction', 'apply_profile', 'restore_service'],
      notices: ['opened', 'restored'],
      mails: ['opened', 'restored'],
      messageIds: 2,
    });
  }
  const after = new Set<string>();
  for (const id of ids.slice(8)) for (const pid of await workersOf(id)) after.add(pid);
  expect(after.has(String(b.pid))).toBe(true);
}, 240_000);
