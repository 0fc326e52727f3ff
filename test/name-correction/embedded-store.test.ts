import { getAccount } from '../../store/accounts';
import { listNotices } from '../../store/notices';
import { listRecords } from '../../store/records';
import { getNameCorrection, openNameCorrection, reviewNameCorrection, submitNameCorrection } from '../../services/name-correction';
import { caseWorkflowId } from '../../workflows/case/ids';
const nameCorrectionWorkflowId = (accountId: string) => caseWorkflowId('name-correction', accountId);
import { FINDING, seedAccount, seedOperators, startStack, type Stack } from '../helpers/stack';

// Every other test file here runs on PostgreSQL; this one runs a whole case on PGlite, the store `npm start` embeds.
let stack: Stack;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  stack = await startStack({ database: 'embedded' });
  await seedOperators(stack.db);
  stopWorker = (await stack.startWorker()).stop;
});
afterAll(async () => {
  await stopWorker?.();
  await stack?.stop();
});

test('on PGlite: opened, corrected, approved: the new profile applies, service is restored, every step recorded and mailed', async () => {
  const version = await stack.db.query<{ v: string }>('SELECT version() AS v');
  expect(version.rows[0]!.v).toMatch(/wasm/i);

  const { accountId, email } = await seedAccount(stack.db, 'acc-pg', '国务院发布');
  const opened = await openNameCorrection(stack.deps, { accountId, findings: [FINDING], openedBy: 'content-risk-service' });
  expect(opened.created).toBe(true);
  await stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'opened');
  expect((await getAccount(stack.db, accountId))!.status).toBe('suspended');
  expect((await getNameCorrection(stack.deps, accountId)).stage).toBe('awaiting_correction');

  const sub = await submitNameCorrection(stack.deps, accountId, { profile: { name: '老张说事', bio: '分享日常' } });
  expect(sub).toMatchObject({ submissionNo: 1, passed: true, stage: 'under_review' });
  await reviewNameCorrection(stack.deps, accountId, { operatorId: 'reviewer-li', reason: '名称合规', submissionNo: 1, decision: 'approve' });
  const out = await stack.client.workflow.getHandle(nameCorrectionWorkflowId(accountId)).result();
  expect(out).toMatchObject({ outcome: 'restored', caseRef: opened.caseRef });

  expect(await getAccount(stack.db, accountId)).toMatchObject({ status: 'active', name: '老张说事', bio: '分享日常' });
  const records = await listRecords(stack.db, { caseRef: opened.caseRef });
  expect(records.map((r) => `${r.action}:${r.actor}`)).toEqual([
    'suspend_service:content-risk-service',
    'approve_correction:reviewer-li',
    'apply_profile:reviewer-li',
    'restore_service:reviewer-li',
  ]);
  expect(records.find((r) => r.action === 'approve_correction')).toMatchObject({ accountId, reason: '名称合规' });
  expect(records.find((r) => r.action === 'apply_profile')!.evidence).toMatchObject({ profile: { name: '老张说事', bio: '分享日常' } });

  await stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'restored');
  const notices = await listNotices(stack.db, opened.caseRef);
  expect(notices.map((n) => n.kind)).toEqual(['opened', 'restored']);
  expect(notices.every((n) => n.accountId === accountId)).toBe(true);
  // Each notice went out once: one e-mail per notice row.
  const mailed = stack.sink.messages().filter((m) => m.headers['x-case-ref'] === opened.caseRef);
  expect(mailed.map((m) => m.headers['x-notice-kind'])).toEqual(['opened', 'restored']);
});
