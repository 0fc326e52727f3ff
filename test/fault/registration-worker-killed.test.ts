/**
 * SIGKILL a worker in the middle of each activity a registration runs: the hold's record and notice,
 * the registry entry (its own activity), the approval's and the rejection's notices. Each held activity
 * has done its work (committed, or accepted by the relay) and never reports back; the retry on another
 * worker must find it done: one account, one record of each step, one e-mail of each notice.
 */
import { getAccount } from '../../store/accounts';
import { caseWorkflowId } from '../../workflows/case/ids';
import { registrationDriver, type Applicant } from '../helpers/registration';
import { seedOperators } from '../helpers/stack';
import { startFaultStack, type FaultStack } from './fault-stack';

let stack: FaultStack;
beforeAll(async () => {
  stack = await startFaultStack();
  await seedOperators(stack.db);
});
afterAll(() => stack?.stop());

const APPROVED = { records: ['hold_registration', 'register_account'], notices: ['held', 'approved'] };
const REJECTED = { records: ['hold_registration', 'reject_registration'], notices: ['held', 'rejected'] };

/** Where each case is caught, and whether the reviewer decides before the kill. */
const CASES = [
  { id: 'fk-hold-record', hold: 'recordDecision', path: 'registered', decideBefore: false },
  { id: 'fk-held-notice', hold: 'sendNotice', kind: 'held', path: 'registered', decideBefore: false },
  { id: 'fk-register', hold: 'registerAccountFromCase', path: 'registered', decideBefore: true },
  { id: 'fk-approved-notice', hold: 'sendNotice', kind: 'approved', path: 'registered', decideBefore: true },
  { id: 'fk-rejected-notice', hold: 'sendNotice', kind: 'rejected', path: 'rejected', decideBefore: true },
] as const;

test('a worker SIGKILLed in each registration activity: every case reaches its outcome, nothing lost or doubled', async () => {
  const rg = registrationDriver(stack);
  const holds = CASES.map((c) => ({ workflowId: caseWorkflowId('registration', c.id), activity: c.hold, ...('kind' in c ? { kind: c.kind } : {}) }));
  const doomed = stack.startWorker({ entry: 'test/fault/holding-worker.ts', env: { HOLD_ACTIVITIES: JSON.stringify(holds) } });
  const applicants = new Map<string, { a: Applicant; caseRef: string }>();
  await Promise.all(
    CASES.map(async (c, i) => {
      const a = await rg.applicant();
      // A protected word: held for a reviewer.
      const answer = await rg.register(a, c.id, `官方故障演练${i}`);
      if (answer.outcome !== 'held') throw new Error(`${c.id}: expected held, got ${answer.outcome}`);
      applicants.set(c.id, { a, caseRef: answer.caseRef });
      if (!c.decideBefore) return;
      await (c.path === 'registered' ? rg.approve(c.id) : rg.reject(c.id));
    }),
  );
  for (const h of holds) await doomed.waitForLine(new RegExp(`^HELD ${h.workflowId} ${h.activity}$`));
  await doomed.kill();

  stack.startWorker();
  await Promise.all(CASES.filter((c) => !c.decideBefore).map((c) => rg.approve(c.id)));
  for (const c of CASES) {
    expect({ id: c.id, outcome: (await rg.result(c.id)).outcome }).toEqual({ id: c.id, outcome: c.path });
    const { a, caseRef } = applicants.get(c.id)!;
    const expected = c.path === 'registered' ? APPROVED : REJECTED;
    const got = await stack.outcomeOf(caseRef, a.email);
    expect({ id: c.id, ...got, messageIds: new Set(got.messageIds).size }).toEqual({
      id: c.id,
      records: expected.records,
      notices: expected.notices,
      mails: expected.notices,
      messageIds: expected.notices.length,
    });
    const account = await getAccount(stack.db, c.id);
    expect({ id: c.id, registered: account !== undefined }).toEqual({ id: c.id, registered: c.path === 'registered' });
  }
  // One account per registration, whatever the retries: the registry has each id once (its primary key) and no other.
  const rows = await stack.db.query<{ id: string }>(`SELECT id FROM accounts WHERE id LIKE 'fk-%' ORDER BY id`);
  expect(rows.rows.map((r) => r.id)).toEqual(['fk-approved-notice', 'fk-held-notice', 'fk-hold-record', 'fk-register']);
}, 240_000);
