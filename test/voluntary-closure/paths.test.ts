// Voluntary suspension and closure (Art. 11 ¶3), end to end on a real Temporal server, store and SMTP sink.
import { getAccount } from '../../store/accounts';
import { listMeasures } from '../../store/measures';
import { listRecords } from '../../store/records';
import { unauthorisedTransferDriver, voluntaryClosureDriver } from '../helpers/account-processes';
import { PLATFORM } from '../helpers/principals';
import { seedAccount, seedOperators, startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/wait';
import type { VoluntaryClosureResult } from '../../workflows/voluntary-closure/workflow';

let stack: Stack;
let vc: ReturnType<typeof voluntaryClosureDriver>;
beforeAll(async () => {
  stack = await startStack();
  await seedOperators(stack.db);
  await stack.startWorker();
  vc = voluntaryClosureDriver(stack);
});
afterAll(() => stack?.stop());

const holder = (accountId: string) => `holder:${accountId}`;
const noticed = (accountId: string) => until(async () => (await vc.state(accountId)).events.some((e) => e.type === 'notice_sent'), 60_000);
const activeKinds = async (accountId: string) => (await listMeasures(stack.db, { accountId })).filter((m) => m.liftedAt === null).map((m) => m.kind);

test('suspend on application until the holder resumes: updates suspended (the status stays active), then lifted; e-mail at each step', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'vc-suspend', '周末读书会');
  const { caseRef } = await vc.apply(accountId, { request: 'suspend', reason: '团队休整' });
  expect(caseRef).toMatch(/^VC-/);
  await noticed(accountId);
  expect(await activeKinds(accountId)).toEqual(['suspend_updates']);
  // The holder's pause is not a sanction: the account is not 'suspended'.
  expect((await getAccount(stack.db, accountId))!.status).toBe('active');
  const s = await vc.state(accountId);
  expect(s.stage).toBe('suspended');
  // Without a date, the suspension ends at the policy's longest (180 days).
  expect(Date.parse(s.deadline!.at) - Date.parse(s.openedAt)).toBe(180 * 86_400_000);
  await expect(vc.cancel(accountId)).rejects.toThrow(/cannot cancel the closure: the case is suspended/);

  await vc.resume(accountId);
  expect(await vc.result<VoluntaryClosureResult>(accountId, 'resumed')).toMatchObject({ caseRef, outcome: 'resumed' });
  expect(await activeKinds(accountId)).toEqual([]);
  expect(await vc.records(caseRef)).toEqual([`suspend_updates:${holder(accountId)}`, `resume_updates:${holder(accountId)}`]);
  const first = (await listRecords(stack.db, { caseRef }))[0]!;
  expect(first).toMatchObject({ article: '第十一条第三款', reason: '团队休整', evidence: { request: 'suspend', via: PLATFORM.id } });
  const mails = vc.messages(email);
  expect(mails.map((m) => m.headers['x-notice-kind'])).toEqual(['suspended', 'resumed']);
  for (const m of mails) expect(m.subject).toContain(caseRef);
  expect(mails[0]!.subject).toContain('周末读书会');
});

test('close, then cancel during the freeze: the account is unfrozen and goes on', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'vc-cancel', '老街影像');
  const { caseRef } = await vc.apply(accountId, { request: 'close', followers: 300 });
  await noticed(accountId);
  const s = await vc.state(accountId);
  expect(s.stage).toBe('freezing');
  expect(Date.parse(s.deadline!.at) - Date.parse(s.openedAt)).toBe(7 * 86_400_000);
  await vc.cancel(accountId, '改变主意');
  expect(await vc.result<VoluntaryClosureResult>(accountId, 'cancelled')).toMatchObject({ outcome: 'cancelled' });
  expect(await activeKinds(accountId)).toEqual([]);
  expect((await getAccount(stack.db, accountId))!.status).toBe('active');
  expect(await vc.records(caseRef)).toEqual([`suspend_updates:${holder(accountId)}`, `cancel_closure:${holder(accountId)}`]);
  const mails = vc.messages(email);
  expect(mails.map((m) => m.headers['x-notice-kind'])).toEqual(['closure_applied', 'cancelled']);
  // The application's notice states the closing date and how to cancel.
  expect(mails[0]!.text).toMatch(/将于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d（北京时间） 正式注销/);
  expect(mails[0]!.text).toContain('撤回注销');
});

test('a supervisor stops a closure (legal hold), with a reason; the holder is told', async () => {
  const { accountId, email } = await seedAccount(stack.db, 'vc-stop', '法律观察');
  const { caseRef } = await vc.apply(accountId, { request: 'close', followers: 20_000 });
  await noticed(accountId);
  await expect(vc.stop(accountId, '保全', 'reviewer-li')).rejects.toThrow(/may not stopClosure; it needs one of: supervisor/);
  await vc.stop(accountId, '司法机关要求保全账号');
  expect(await vc.result<VoluntaryClosureResult>(accountId, 'stopped')).toMatchObject({ outcome: 'stopped' });
  expect(await vc.records(caseRef)).toEqual([`suspend_updates:${holder(accountId)}`, 'stop_closure:supervisor-wang']);
  expect(vc.mails(email)).toEqual(['closure_applied', 'stopped']);
  expect(vc.messages(email)[1]!.text).toContain('司法机关要求保全账号');
});

test('refused with the field and the rule, and nothing starts: not the holder; a closure with an end date; a case open against the account', async () => {
  const { accountId } = await seedAccount(stack.db, 'vc-refused');
  await expect(vc.apply(accountId, { request: 'close', holderSubjectId: 'subj-someone-else' })).rejects.toMatchObject({
    issues: [{ field: 'holderSubjectId', rule: "must be the account's subject: only its holder may apply to suspend or close it (Art. 11 ¶3)" }],
  });
  await expect(vc.apply(accountId, { request: 'close', until: '2030-01-01T00:00:00+08:00' })).rejects.toMatchObject({
    issues: [{ field: 'until', rule: 'is for a suspension only: a closure has no end date' }],
  });
  await expect(vc.apply(accountId, { request: 'suspend', until: '2020-01-01T00:00:00+08:00' })).rejects.toMatchObject({
    issues: [{ field: 'until', rule: 'must be in the future' }],
  });
  // Closing can't dodge a sanction: while another case is open against the account, the application is refused.
  const ut = unauthorisedTransferDriver(stack);
  const { caseRef } = await ut.report(accountId);
  await expect(vc.apply(accountId, { request: 'close' })).rejects.toThrow(new RegExp(`case ${caseRef} \\(unauthorised-transfer\\) is open against it`));
  await expect(vc.apply(accountId, { request: 'close' })).rejects.toMatchObject({ issues: [{ field: 'accountId', rule: expect.stringContaining('an application may not forestall a sanction') }] });
  await expect(vc.handle(accountId).describe()).rejects.toThrow(/not found/i);
  await ut.withdraw(accountId);
  await ut.result(accountId);
});
