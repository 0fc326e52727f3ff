/**
 * Account transfer: a worker SIGKILLed in each of the transfer's own activities, right after the
 * activity's work is committed and before it reports back. The retry on another worker must find the
 * work done: one check, one public notice of each kind, one change of subject, each record once, and
 * every e-mail once.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAccount } from '../../store/accounts';
import { listPublicNotices } from '../../store/public-notices';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
import { knownReceiver, seedHeldAccount, testIdentityVault, transferDriver, withIdentity, type Receiver, type TransferDriver } from '../helpers/account-transfer';
import { TEST_IDENTITY_KEYS } from '../helpers/identity';
import { seedOperators } from '../helpers/stack';
import { startFaultStack, type FaultStack } from './fault-stack';

let stack: FaultStack;
let at: TransferDriver;
const vault = testIdentityVault();
// The workers' identity keys (the vault the service records with) and a one-minute notice period.
const dir = mkdtempSync(join(tmpdir(), 'transfer-fault-'));
const env = { IDENTITY_KEYS_FILE: join(dir, 'identity-keys.json'), POLICY_FILE: join(dir, 'policy.json') };
writeFileSync(env.IDENTITY_KEYS_FILE, JSON.stringify(TEST_IDENTITY_KEYS));
writeFileSync(env.POLICY_FILE, JSON.stringify({ accountTransfer: { noticePeriod: '1 minute' } }));

beforeAll(async () => {
  stack = await startFaultStack();
  stack.deps = withIdentity(stack.deps, stack.db, vault);
  await seedOperators(stack.db);
  at = transferDriver({ ...stack, deps: stack.deps });
});
afterAll(() => stack?.stop());

/** Where each case is caught when the worker dies. */
const CASES = [
  { id: 'kt-check', hold: 'checkTransferReceiver' },
  { id: 'kt-pending', hold: 'publishNotice', kind: 'transfer_pending' },
  { id: 'kt-change', hold: 'changeAccountSubject' },
  { id: 'kt-changed', hold: 'publishNotice', kind: 'subject_changed' },
] as const;

const RECORDS = (accountId: string) => [
  'open_transfer:content-risk-service',
  'check_transfer_receiver:system',
  `confirm_transfer_holder:holder:${accountId}`,
  `confirm_transfer_receiver:receiver:${accountId}`,
  'approve_transfer:reviewer-li',
  'confirm_transfer_approval:supervisor-wang',
  'publish_notice:supervisor-wang',
  'change_subject:supervisor-wang',
  'publish_notice:supervisor-wang',
];

test('a worker SIGKILLed in each transfer activity: every transfer completes, nothing lost or doubled', async () => {
  const holds = CASES.map((c) => ({ workflowId: caseWorkflowId('account-transfer', c.id), activity: c.hold, ...('kind' in c ? { kind: c.kind } : {}) }));
  const doomed = stack.startWorker({ entry: 'test/fault/holding-worker.ts', env: { ...env, HOLD_ACTIVITIES: JSON.stringify(holds) } });
  const parties = new Map<string, { holderSubjectId: string; email: string; receiver: Receiver; caseRef: string }>();
  const confirmAndApprove = async (id: string) => {
    await at.stage(id, 'awaiting_confirmations');
    await at.holderConfirms(id);
    await at.receiverConfirms(id);
    await at.review(id, 'approve', 'reviewer-li');
    await at.confirmApproval(id, 'confirm', 'supervisor-wang');
  };
  await Promise.all(
    CASES.map(async (c) => {
      const { accountId, holderSubjectId, email } = await seedHeldAccount(stack.db, c.id);
      const receiver = await knownReceiver(stack.db, vault, `recv-${c.id}`);
      const { caseRef } = await at.open(accountId, holderSubjectId, receiver);
      parties.set(c.id, { holderSubjectId, email, receiver, caseRef });
      if (c.id !== 'kt-check') await confirmAndApprove(c.id);
    }),
  );
  // Every held activity has done its work and hangs; then the worker dies.
  for (const h of holds) await doomed.waitForLine(new RegExp(`^HELD ${h.workflowId} ${h.activity}$`), 150_000);
  await doomed.kill();

  stack.startWorker({ env });
  await confirmAndApprove('kt-check');

  for (const c of CASES) {
    const p = parties.get(c.id)!;
    expect({ id: c.id, ...(await at.result(c.id)) }).toMatchObject({ id: c.id, outcome: 'completed' });
    expect({ id: c.id, records: (await listRecords(stack.db, { caseRef: p.caseRef })).map((r) => `${r.action}:${r.actor}`) }).toEqual({ id: c.id, records: RECORDS(c.id) });
    expect({ id: c.id, notices: (await listPublicNotices(stack.db, { accountId: c.id })).map((n) => n.kind) }).toEqual({ id: c.id, notices: ['subject_changed', 'transfer_pending'] });
    expect((await getAccount(stack.db, c.id))!.subjectId).toBe(p.receiver.subjectId);
    const mails = (to: string) => stack.sink.messages().filter((m) => m.to.includes(to));
    expect({ id: c.id, holder: mails(p.email).map((m) => m.headers['x-notice-kind']) }).toEqual({ id: c.id, holder: ['confirm_requested', 'approved', 'completed'] });
    expect({ id: c.id, receiver: mails(p.receiver.email).map((m) => m.headers['x-notice-kind']) }).toEqual({ id: c.id, receiver: ['confirm_requested', 'approved', 'completed'] });
  }
}, 300_000);
