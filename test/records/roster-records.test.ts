import type { Principal } from '../../rules/roles';
import { setOperator } from '../../services/operators';
import { readRoster } from '../../store/operators';
import { listRecords, verifyRecordChain } from '../../store/records';
import { startStack, type Stack } from '../helpers/stack';

const ADMIN: Principal = { id: 'admin-chen', roles: ['admin'] };
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => stack?.stop());

const rosterRecords = async () =>
  (await listRecords(stack.db)).filter((r) => r.action === 'roster_change').map((r) => ({ actor: r.actor, key: r.idempotencyKey, evidence: r.evidence }));

test('every roster change is in the record chain, with who made it; one that changes nothing adds nothing', async () => {
  const first = await setOperator(stack.deps, ADMIN, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'] });
  const second = await setOperator(stack.deps, ADMIN, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer', 'supervisor'] });
  await setOperator(stack.deps, ADMIN, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer', 'supervisor'] });
  const third = await setOperator(stack.deps, { id: 'cli:root', roles: ['admin'] }, { id: 'reviewer-zhao', displayName: '赵审核', roles: ['reviewer'], active: false });

  expect(await rosterRecords()).toEqual([
    { actor: 'admin-chen', key: `roster:${first.version}`, evidence: { operatorId: 'reviewer-zhao', roles: ['reviewer'], active: true, rosterVersion: first.version } },
    { actor: 'admin-chen', key: `roster:${second.version}`, evidence: { operatorId: 'reviewer-zhao', roles: ['reviewer', 'supervisor'], active: true, rosterVersion: second.version } },
    { actor: 'cli:root', key: `roster:${third.version}`, evidence: { operatorId: 'reviewer-zhao', roles: ['reviewer'], active: false, rosterVersion: third.version } },
  ]);
  // The display name is a real name: it stays in the roster tables, out of the chain.
  expect(JSON.stringify(await listRecords(stack.db))).not.toContain('赵审核');
  expect(await verifyRecordChain(stack.db)).toBeNull();
});

test('only an admin changes the roster: anyone else is refused, and neither the roster nor the records change', async () => {
  const before = { roster: await readRoster(stack.db), records: await rosterRecords() };
  await expect(setOperator(stack.deps, { id: 'supervisor-wang', roles: ['supervisor', 'reviewer'] }, { id: 'supervisor-wang', displayName: '王主管', roles: ['admin'] })).rejects.toThrow(
    /"supervisor-wang" \(roles: supervisor, reviewer\) may not change the roster; it needs the admin role/,
  );
  await expect(setOperator(stack.deps, ADMIN, { id: 'x', displayName: 'X', roles: [] })).rejects.toThrow(/roles: must name at least one role/);
  expect({ roster: await readRoster(stack.db), records: await rosterRecords() }).toEqual(before);
});
