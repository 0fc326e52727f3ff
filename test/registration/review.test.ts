import { formatDeadline } from '../../mail/format';
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { PLATFORM } from '../helpers/principals';
import { registrationDriver, type Applicant, type RegistrationDriver } from '../helpers/registration';
import { seedOperators, startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/wait';

// The review path on a real server: a look-alike name held, then approved, rejected or withdrawn;
// the applicant's e-mails (to the subject's contact) through the SMTP sink.
let stack: Stack;
let rg: RegistrationDriver;

beforeAll(async () => {
  stack = await startStack();
  await seedOperators(stack.db);
  await stack.startWorker();
  rg = registrationDriver(stack);
});
afterAll(() => stack?.stop());

/** A held application: a name with a protected word ("extra verification, not straight through"). */
async function held(accountId: string, name = '官方美食指南'): Promise<{ a: Applicant; caseRef: string }> {
  const a = await rg.applicant();
  const answer = await rg.register(a, accountId, name);
  if (answer.outcome !== 'held') throw new Error(`expected a held registration, got ${answer.outcome}`);
  return { a, caseRef: answer.caseRef };
}

const mailsTo = (email: string) => stack.sink.messages().filter((m) => m.to.includes(email));
const kinds = (email: string) => mailsTo(email).map((m) => m.headers['x-notice-kind']);

test('approved: the account is registered by the case, recorded, and the applicant told at hold and at approval', async () => {
  const { a, caseRef } = await held('rg-approve');
  const state = await rg.state('rg-approve');
  expect(state).toMatchObject({ stage: 'under_review', findings: [expect.objectContaining({ rule: 'name', severity: 'review' })] });
  expect(Date.parse(state.deadline!.at) - Date.parse(state.openedAt)).toBe(5 * 24 * 3_600_000);
  await until(async () => kinds(a.email).includes('held'));
  const [heldMail] = mailsTo(a.email);
  expect(heldMail!.subject).toContain(caseRef);
  expect(heldMail!.subject).toContain('官方美食指南');
  expect(heldMail!.text).toContain(formatDeadline(state.deadline!.at));
  expect(heldMail!.headers['x-deadline']).toBe(state.deadline!.at);

  // The service that opened the case may not decide it.
  await expect(rg.approve('rg-approve', PLATFORM.id)).rejects.toThrow();
  await rg.approve('rg-approve');
  expect(await rg.result('rg-approve', 'registration.approved')).toMatchObject({ caseRef, outcome: 'registered' });
  expect(await getAccount(stack.db, 'rg-approve')).toMatchObject({ name: '官方美食指南', subjectId: a.subjectId, contactEmail: a.email, status: 'active' });
  expect((await listRecords(stack.db, { caseRef })).map((r) => [r.action, r.actor])).toEqual([
    ['hold_registration', PLATFORM.id],
    ['register_account', 'reviewer-li'],
  ]);
  await until(async () => kinds(a.email).length === 2);
  expect(kinds(a.email)).toEqual(['held', 'approved']);
  expect(mailsTo(a.email)[1]!.subject).toContain(caseRef);
});

test('rejected: nothing registered, the rejection recorded with its reasons, the applicant told why', async () => {
  const { a, caseRef } = await held('rg-reject', '官方旅游指南');
  await rg.reject('rg-reject', '名称含「官方」易使人误解为官方账号');
  expect(await rg.result('rg-reject', 'registration.rejected')).toMatchObject({ outcome: 'rejected' });
  expect(await getAccount(stack.db, 'rg-reject')).toBeUndefined();
  const records = await listRecords(stack.db, { caseRef });
  expect(records.map((r) => r.action)).toEqual(['hold_registration', 'reject_registration']);
  expect(records[1]).toMatchObject({ actor: 'reviewer-li', reason: '名称含「官方」易使人误解为官方账号' });
  await until(async () => kinds(a.email).length === 2);
  expect(kinds(a.email)).toEqual(['held', 'rejected']);
  const rejected = mailsTo(a.email)[1]!;
  expect(rejected.subject).toContain(caseRef);
  expect(rejected.text).toContain('名称含「官方」易使人误解为官方账号');
});

test('withdrawn by the applicant: the case closes, nothing registered, the withdrawal recorded; a second application of the id is refused while one is under review', async () => {
  await held('rg-withdraw', '官方读书指南');
  const b = await rg.applicant();
  await expect(rg.register(b, 'rg-withdraw', '另一个名字')).rejects.toThrow(/under review/);
  const { caseRef } = await rg.state('rg-withdraw');
  await rg.withdraw('rg-withdraw', '不再需要');
  expect(await rg.result('rg-withdraw', 'registration.withdrawn')).toMatchObject({ outcome: 'withdrawn' });
  expect(await getAccount(stack.db, 'rg-withdraw')).toBeUndefined();
  expect((await listRecords(stack.db, { caseRef })).map((r) => [r.action, r.actor])).toEqual([
    ['hold_registration', PLATFORM.id],
    ['withdraw_registration', 'holder:rg-withdraw'],
  ]);
});

test('approved, but the quota filled meanwhile: refused at registration, recorded, and the applicant told', async () => {
  const a = await rg.applicant();
  await rg.register(a, 'rg-late-1', '旅行随笔一');
  // Both second accounts are held for the extra checks of a second account (Art. 10 ¶1).
  expect(await rg.register(a, 'rg-late-2', '旅行随笔二')).toMatchObject({ outcome: 'held' });
  expect(await rg.register(a, 'rg-late-3', '旅行随笔三')).toMatchObject({ outcome: 'held' });
  await rg.approve('rg-late-2');
  expect(await rg.result('rg-late-2')).toMatchObject({ outcome: 'registered' });
  await rg.approve('rg-late-3');
  expect(await rg.result('rg-late-3', 'registration.no-longer-eligible')).toMatchObject({ outcome: 'rejected' });
  expect(await getAccount(stack.db, 'rg-late-3')).toBeUndefined();
  const { caseRef, closure } = await rg.state('rg-late-3');
  expect(closure).toEqual({ outcome: 'rejected', cause: 'no_longer_eligible' });
  const records = await listRecords(stack.db, { caseRef });
  expect(records.map((r) => r.action)).toEqual(['hold_registration', 'refuse_registration']);
  expect(records[1]!.evidence).toMatchObject({ findings: [expect.objectContaining({ rule: 'quota' })] });
  await until(async () => kinds(a.email).filter((k) => k === 'rejected').length === 1);
});
