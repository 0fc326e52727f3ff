import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { openNameCorrection } from '../../services/name-correction/open-case';
import {
  getNameCorrection,
  refuseNameCorrection,
  reviewNameCorrection,
  submitNameCorrection,
  withdrawNameCorrection,
  extendNameCorrectionDeadline,
} from '../../services/name-correction/actions';
import { nameCorrectionWorkflowId } from '../../workflows/name-correction/workflow';
import { FINDING, seedAccount, seedOperators, startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  stack = await startStack();
  await seedOperators(stack.db);
  stopWorker = (await stack.startWorker()).stop;
});
afterAll(async () => {
  await stopWorker?.();
  await stack?.stop();
});

async function open(accountId: string) {
  return openNameCorrection(stack.deps, { accountId, findings: [FINDING], openedBy: 'content-risk-service' });
}

function result(accountId: string) {
  return stack.client.workflow.getHandle(nameCorrectionWorkflowId(accountId)).result();
}

test('corrected and approved: the new profile applies, service is restored, every step recorded and mailed', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'acc-approve', '国务院发布');
  const opened = await open(accountId);
  expect(opened.created).toBe(true);
  expect(opened.caseRef).toMatch(/^NC-\d{8}-[A-Z0-9]{6}$/);

  const notice = await stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'opened');
  expect((await getAccount(stack.db, accountId))!.status).toBe('suspended');
  const state = await getNameCorrection(stack.deps, accountId);
  expect(notice.subject).toContain(opened.caseRef);
  expect(notice.text).toContain(opened.caseRef);
  // The deadline is stated in Beijing time, seven days on.
  const deadline = new Date(state.deadline);
  expect(deadline.getTime() - Date.parse(state.openedAt)).toBe(7 * 86_400_000);
  const beijing = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric' }).format(deadline);
  expect(notice.text).toContain(beijing);

  const sub = await submitNameCorrection(stack.deps, accountId, { profile: { name: '老张说事', bio: '分享日常' } });
  expect(sub).toMatchObject({ submissionNo: 1, passed: true, stage: 'under_review' });

  await reviewNameCorrection(stack.deps, accountId, { operatorId: 'reviewer-li', reason: '名称合规', submissionNo: 1, decision: 'approve' });
  expect(await result(accountId)).toMatchObject({ outcome: 'restored', caseRef: opened.caseRef });

  const account = await getAccount(stack.db, accountId);
  expect(account).toMatchObject({ status: 'active', name: '老张说事', bio: '分享日常' });
  const actions = (await listRecords(stack.db, { caseRef: opened.caseRef })).map((r) => `${r.action}:${r.actor}`);
  expect(actions).toEqual([
    'suspend_service:content-risk-service',
    'approve_correction:reviewer-li',
    'apply_profile:reviewer-li',
    'restore_service:reviewer-li',
  ]);
  await stack.sink.waitFor((m) => m.to.includes(email) && m.headers['x-notice-kind'] === 'restored');
});
