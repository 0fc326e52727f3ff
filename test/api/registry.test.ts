import { registerKnownIdentity } from '../../identity/store-verifier';
import { person, testVault } from '../helpers/identity';
import { FINDING } from '../helpers/stack';
import { apiStack, settled } from './api-stack';

// The registry and what the cases leave behind, over HTTP: accounts, the published rules, a case's
// notices, the record export and the measures feed.
const api = apiStack();

// Registration goes through its checks (test/api/registration.test.ts has its answers); this one passes them.
const ACCOUNT = {
  accountId: 'reg-1',
  name: '观察笔记',
  subject: { id: 'subj-reg-1', kind: 'individual', displayName: '张三' },
  identity: person(1, '张三'),
  contactEmail: 'reg-1@users.example',
  contentCategory: 'general',
} as const;

test('a platform service registers, updates and reads an account; errors name the field', async () => {
  await registerKnownIdentity(api.stack.db, testVault(), ACCOUNT.identity);
  const platform = api.as('platform');
  const made = await api.fetch('/v1/accounts', { method: 'POST', token: api.tokens.platform, json: ACCOUNT });
  expect(made).toMatchObject({ status: 201, body: { outcome: 'registered', account: { id: 'reg-1', status: 'active', subjectId: 'subj-reg-1' } } });

  const twice = await api.fetch('/v1/accounts', { method: 'POST', token: api.tokens.platform, json: ACCOUNT });
  expect(twice).toMatchObject({ status: 400, body: { issues: [{ field: 'accountId', rule: 'must not name an existing account' }] } });
  const badMail = await api.fetch('/v1/accounts', { method: 'POST', token: api.tokens.platform, json: { ...ACCOUNT, accountId: 'reg-2', contactEmail: 'a@x.example, b@y.example' } });
  expect(badMail).toMatchObject({ status: 400, body: { issues: [{ field: 'contactEmail', rule: 'must be one e-mail address, not a list' }] } });

  // The typed client throws the same answer as a typed error: status, code and each field's rule.
  await expect(platform.accounts.register({ ...ACCOUNT, accountId: 'reg-3', contentCategory: 'gossip' as never })).rejects.toMatchObject({
    name: 'ComplianceApiError',
    status: 400,
    code: 'invalid_input',
    issues: [{ field: 'contentCategory', rule: expect.stringContaining('must be one of') }],
  });
  expect((await api.fetch('/v1/accounts/reg-3', { token: api.tokens.reviewer })).status).toBe(404);

  expect(await platform.accounts.update('reg-1', { bio: '新简介' })).toMatchObject({ id: 'reg-1', bio: '新简介' });
  const none = await api.fetch('/v1/accounts/reg-1', { method: 'PATCH', token: api.tokens.platform, json: {} });
  expect(none).toMatchObject({ status: 400, body: { issues: [{ field: '(input)', rule: expect.stringContaining('must change at least one of') }] } });
  expect((await api.fetch('/v1/accounts/nobody', { method: 'PATCH', token: api.tokens.platform, json: { bio: 'x' } })).status).toBe(404);

  const view = await api.as('reviewer').accounts.get('reg-1');
  expect(view).toMatchObject({ status: 'active', measures: [], account: { bio: '新简介' } });
  expect((await api.fetch('/v1/accounts/nobody', { token: api.tokens.reviewer })).status).toBe(404);
});

test('the published rules are the policy the product runs', async () => {
  const rules = await api.as('reviewer').rules();
  expect(rules.nameCorrection).toBeDefined();
  expect(rules.names.protectedWords).toContain('国务院');
  // Registration's terms: how long a reviewer has before a held registration is escalated, and the quota.
  expect(rules.registration).toMatchObject({ window: 5 * 86_400_000, remindBefore: [], maxAccountsPerSubject: { individual: 2, organisation: 5 } });
});

test("a case's suspension shows in the account, its notices, the record export and the measures feed", async () => {
  const { accountId } = { accountId: 'reg-1' };
  const { caseRef } = await api.as('platform').nameCorrection.open({ accountId, findings: [FINDING] });

  const notices = await settled(() => api.as('reviewer').notices(caseRef), (n) => n.notices.length > 0);
  expect(notices.notices[0]).toMatchObject({ caseRef, accountId, kind: 'opened' });
  // Notices are listed by kind and time: no text, no address.
  expect(JSON.stringify(notices)).not.toContain('@users.example');

  const view = await settled(() => api.as('platform').accounts.get(accountId), (v) => v.status === 'suspended');
  expect(view.measures).toEqual([expect.objectContaining({ kind: 'suspend_service', caseRef })]);

  // The feed: the event, then an empty page from its cursor; a cursor it did not make is refused.
  const feed = await api.as('platform').measures.feed();
  expect(feed.events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'measure.imposed', accountId, measure: expect.objectContaining({ kind: 'suspend_service', caseRef }) })]));
  const after = await api.as('platform').measures.feed({ after: feed.nextCursor });
  expect(after).toEqual({ events: [], nextCursor: feed.nextCursor, hasMore: false });
  const badCursor = await api.fetch('/v1/measures/feed?after=garbage', { token: api.tokens.platform });
  expect(badCursor).toMatchObject({ status: 400, body: { issues: [{ field: 'querystring.after', rule: 'not a cursor this feed returned' }] } });

  const auditor = api.as('auditor');
  const records = await auditor.records.list({ caseRef });
  expect(records.records.map((r) => r.action)).toEqual(['suspend_service']);
  expect(records.records[0]).toMatchObject({ accountId, article: '第八条第二款', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const badRef = await api.fetch('/v1/notices?caseRef=nope', { token: api.tokens.reviewer });
  expect(badRef).toMatchObject({ status: 400, body: { issues: [{ field: 'querystring.caseRef', rule: expect.stringContaining('case reference') }] } });
});
