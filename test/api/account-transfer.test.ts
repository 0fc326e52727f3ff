import { knownReceiver, seedHeldAccount, testIdentityVault } from '../helpers/account-transfer';
import { apiStack, settled } from './api-stack';

// Account transfer over real HTTP, against a real worker: opening, its refusals, the parties' routes,
// four eyes at the route, the public notices and the published terms.
const api = apiStack();
const AT = '/v1/cases/account-transfer';
const vault = testIdentityVault();

test('a bad check digit in the receiving side\'s ID number is a 400 naming the field and its rule; nothing opens', async () => {
  const { accountId, holderSubjectId } = await seedHeldAccount(api.stack.db, 'api-at-digit');
  const r = await knownReceiver(api.stack.db, vault, 'api-recv-digit');
  const number = r.claim.number.slice(0, 17) + (r.claim.number[17] === '1' ? '2' : '1');
  const res = await api.fetch(AT, { method: 'POST', token: api.tokens.platform, json: { accountId, holderSubjectId, receiver: { ...r.body, identity: { ...r.claim, number } } } });
  expect(res.status).toBe(400);
  expect(res.body.issues).toEqual([{ field: 'receiver.identity.number', rule: expect.stringMatching(/校验位|check digit/) }]);
  expect((await api.fetch(`${AT}/${accountId}`, { token: api.tokens.reviewer })).status).toBe(404);
});

test('opened by a platform service (201), a second application 409 with the open case; parties act through the platform, four eyes at the routes', async () => {
  const { accountId, holderSubjectId } = await seedHeldAccount(api.stack.db, 'api-at-open');
  const r = await knownReceiver(api.stack.db, vault, 'api-recv-open');
  const body = { accountId, holderSubjectId, receiver: r.body };
  // Only a platform service opens one.
  expect((await api.fetch(AT, { method: 'POST', token: api.tokens.reviewer, json: body })).status).toBe(403);
  const opened = await api.as('platform').accountTransfer.open(body);
  expect(opened).toMatchObject({ created: true, caseRef: expect.stringMatching(/^AT-\d{8}-[A-Z0-9]{8}$/) });
  const again = await api.fetch(AT, { method: 'POST', token: api.tokens.platform, json: body });
  expect(again).toMatchObject({ status: 409, body: { error: 'case_exists', case: { caseRef: opened.caseRef } } });

  const platform = api.as('platform');
  await settled(() => platform.accountTransfer.get(accountId), (s) => s.stage === 'awaiting_confirmations');
  // The parties' own actions come from a platform service, not from an operator.
  expect((await api.fetch(`${AT}/${accountId}/confirm`, { method: 'POST', token: api.tokens.reviewer, json: {} })).status).toBe(403);
  await platform.accountTransfer.confirm(accountId);
  const s = await platform.accountTransfer.receiverConfirm(accountId, { statement: '同意接收' });
  expect(s.stage).toBe('under_review');
  expect(s.confirmations.receiver).toMatchObject({ by: `receiver:${accountId}`, via: 'content-risk-service' });

  await api.as('reviewer').accountTransfer.review(accountId, { decision: 'approve', reason: '核验无异常' });
  // A reviewer may not take the second step (its route is a supervisor's).
  expect((await api.fetch(`${AT}/${accountId}/confirm-approval`, { method: 'POST', token: api.tokens.reviewer, json: { decision: 'confirm', reason: 'x' } })).status).toBe(403);
  const refused = await api.fetch(`${AT}/${accountId}/withdraw`, { method: 'POST', token: api.tokens.platform, json: { reason: 123 } });
  expect(refused).toMatchObject({ status: 400, body: { issues: [{ field: 'reason', rule: 'must be a string' }] } });
  await platform.accountTransfer.withdraw(accountId, { reason: '测试结束' });
  await settled(() => platform.accountTransfer.get(accountId), (x) => x.stage === 'withdrawn');
});

test('the public notices and the transfer terms are public; a bad account id is a 400 naming it', async () => {
  const none = await api.fetch('/v1/public-notices?accountId=api-at-none', { token: null });
  expect(none).toEqual({ status: 200, body: { notices: [] } });
  const bad = await api.fetch('/v1/public-notices?accountId=%20bad', { token: null });
  expect(bad.status).toBe(400);
  expect(bad.body.issues[0].field).toBe('querystring.accountId');
  const rules = await api.fetch('/v1/rules', { token: null });
  expect(rules.body.accountTransfer).toMatchObject({ window: 15 * 86_400_000, materialsWindow: 7 * 86_400_000, noticePeriod: 3 * 86_400_000 });
});
