import { registerKnownIdentity } from '../../identity/store-verifier';
import { getAccount, getSubject } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { person, testVault } from '../helpers/identity';
import { apiStack, CALLERS, settled } from './api-stack';

// Registration over real HTTP: 201 registered, 202 held (a case), 409 refused with every rule, 400
// for a malformed identity; the held case reviewed and withdrawn through its routes.
const api = apiStack();
const RG = '/v1/cases/registration';

let n = 700;
async function body(accountId: string, name: string, over: Record<string, unknown> = {}) {
  const identity = person(++n);
  await registerKnownIdentity(api.stack.db, testVault(), identity);
  return { accountId, name, subject: { id: `subj-${accountId}`, kind: 'individual' as const, displayName: identity.name }, identity, contactEmail: `${accountId}@users.example`, contentCategory: 'general' as const, ...over };
}

test('201 registered, through either route; the account is in the registry', async () => {
  const viaAccounts = await api.fetch('/v1/accounts', { method: 'POST', token: api.tokens.platform, json: await body('api-rg-1', '散步笔记') });
  expect(viaAccounts).toMatchObject({ status: 201, body: { outcome: 'registered', account: { id: 'api-rg-1', status: 'active' }, findings: [] } });
  const viaCases = await api.as('platform').registration.register(await body('api-rg-2', '雨天读书'));
  expect(viaCases).toMatchObject({ outcome: 'registered', account: { id: 'api-rg-2' } });
  expect(await getAccount(api.stack.db, 'api-rg-2')).toMatchObject({ contactEmail: 'api-rg-2@users.example' });
});

test('202 held: a case a reviewer approves through its route; the applicant may not be the reviewer', async () => {
  const held = await api.fetch(RG, { method: 'POST', token: api.tokens.platform, json: await body('api-rg-held', '官方钓鱼指南') });
  expect(held).toMatchObject({ status: 202, body: { outcome: 'held', caseRef: expect.stringMatching(/^RG-\d{8}-[A-Z0-9]{8}$/), findings: [expect.objectContaining({ rule: 'name', field: 'name', severity: 'review' })] } });
  const state = await settled(() => api.as('reviewer').registration.get('api-rg-held'), (s) => s.stage === 'under_review');
  expect(state).toMatchObject({ caseRef: held.body.caseRef, openedBy: CALLERS.platform, application: { name: '官方钓鱼指南' } });

  const platformReviews = await api.fetch(`${RG}/api-rg-held/review`, { method: 'POST', token: api.tokens.platform, json: { decision: 'approve', reason: '自己批准' } });
  expect(platformReviews.status).toBe(403);
  const noReason = await api.fetch(`${RG}/api-rg-held/review`, { method: 'POST', token: api.tokens.reviewer, json: { decision: 'approve' } });
  expect(noReason).toMatchObject({ status: 400, body: { issues: [{ field: 'reason', rule: 'is required' }] } });

  await api.as('reviewer').registration.review('api-rg-held', { decision: 'approve', reason: '经核实为钓鱼爱好者个人账号' });
  const account = await settled(() => getAccount(api.stack.db, 'api-rg-held'), (a) => a !== undefined);
  expect(account).toMatchObject({ name: '官方钓鱼指南', status: 'active' });
  const records = await listRecords(api.stack.db, { caseRef: held.body.caseRef });
  expect(records.map((r) => `${r.action}:${r.actor}`)).toEqual([`hold_registration:${CALLERS.platform}`, `register_account:${CALLERS.reviewer}`]);
});

test('202 held, then withdrawn by the applicant through the platform; a review after that finds no open case', async () => {
  const held = await api.as('platform').registration.register(await body('api-rg-wd', '官方茶艺指南'));
  expect(held.outcome).toBe('held');
  await api.as('platform').registration.withdraw('api-rg-wd', { statement: '改用其他名称' });
  const closed = await settled(() => api.as('reviewer').registration.get('api-rg-wd'), (s) => s.stage === 'withdrawn');
  expect(closed.closure).toEqual({ outcome: 'withdrawn', cause: 'withdrawn' });
  const late = await api.fetch(`${RG}/api-rg-wd/review`, { method: 'POST', token: api.tokens.reviewer, json: { decision: 'approve', reason: '晚了' } });
  expect(late).toMatchObject({ status: 404, body: { error: 'not_found' } });
});

test('409 refused names every rule; 400 names a malformed identity field; neither changes the registry', async () => {
  const refused = await api.fetch('/v1/accounts', { method: 'POST', token: api.tokens.platform, json: await body('api-rg-law', '法律问答', { contentCategory: 'judicial' }) });
  expect(refused).toMatchObject({ status: 409, body: { error: 'registration_refused', issues: [{ field: 'contentCategory', rule: expect.stringMatching(/^qualification: .*judicial/) }] } });
  expect(await getAccount(api.stack.db, 'api-rg-law')).toBeUndefined();

  const b = await body('api-rg-bad', '号码有误');
  const malformed = await api.fetch('/v1/accounts', { method: 'POST', token: api.tokens.platform, json: { ...b, identity: { ...b.identity, number: '110105199001011234' } } });
  expect(malformed).toMatchObject({ status: 400, body: { error: 'invalid_input', issues: [expect.objectContaining({ field: 'identity.number' })] } });
  const wrongKind = await api.fetch('/v1/accounts', { method: 'POST', token: api.tokens.platform, json: { ...b, identity: { ...b.identity, kind: 'credit_code' } } });
  expect(wrongKind.status).toBe(400);
  expect(wrongKind.body.issues.map((i: { field: string }) => i.field)).toContain('identity.kind');
  expect(await getSubject(api.stack.db, 'subj-api-rg-bad')).toBeUndefined();
  // The answer never echoes the identity number or phone.
  expect(JSON.stringify([malformed.body, wrongKind.body])).not.toContain(b.identity.phone);

  const reviewer = await api.fetch('/v1/accounts', { method: 'POST', token: api.tokens.reviewer, json: await body('api-rg-rev', '审核员注册') });
  expect(reviewer.status).toBe(403);
});
