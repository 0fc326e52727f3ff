import { registerKnownIdentity } from '../../identity/store-verifier';
import { testVault, organisation, person } from '../helpers/identity';
import { apiStack } from './api-stack';

// Subjects and qualifications over HTTP: who may do what, errors that name the field, views with masked numbers only.
const api = apiStack();
const claim = person(61, '王小明');
const identityBody = (id = 'subj-api-1', c = claim) => ({
  subject: { id, kind: 'individual', displayName: c.name },
  identity: c,
  contactEmail: `${id}@users.example`,
});

beforeAll(async () => {
  await registerKnownIdentity(api.stack.db, testVault(), claim);
});

test('a platform service records an identity; the answer and the standing show masked numbers only', async () => {
  const made = await api.fetch('/v1/subjects', { method: 'POST', token: api.tokens.platform, json: identityBody() });
  expect(made).toEqual({ status: 201, body: { subjectId: 'subj-api-1', kind: 'resident_id', numberMasked: `110105********${claim.number.slice(-4)}`, phoneMasked: `139****${claim.phone.slice(-4)}`, verified: true } });

  const standing = await api.fetch('/v1/subjects/subj-api-1', { token: api.tokens.reviewer });
  expect(standing).toMatchObject({ status: 200, body: { subjectId: 'subj-api-1', kind: 'individual', credit: { score: 120, tier: 'A' }, accounts: 0, identity: { verified: true } } });
  expect(JSON.stringify(standing.body)).not.toContain(claim.number);
  // A platform service learns the tier, nothing else.
  expect(await api.fetch('/v1/subjects/subj-api-1', { token: api.tokens.platform })).toEqual({ status: 200, body: { subjectId: 'subj-api-1', credit: { tier: 'A' } } });
  expect((await api.fetch('/v1/subjects/nobody', { token: api.tokens.auditor })).status).toBe(404);
});

test('bad or false identities are 400 naming the field and the rule; nothing is created', async () => {
  const bad = await api.fetch('/v1/subjects', { method: 'POST', token: api.tokens.platform, json: identityBody('subj-api-2', { ...claim, number: claim.number.slice(0, 17) + (claim.number.endsWith('1') ? '2' : '1') }) });
  expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_input', issues: [{ field: 'identity.number', rule: expect.stringContaining('校验位') }] } });
  const kind = await api.fetch('/v1/subjects', { method: 'POST', token: api.tokens.platform, json: identityBody('subj-api-2', organisation(61)) });
  expect(kind).toMatchObject({ status: 400, body: { issues: [{ field: 'identity.kind', rule: expect.stringContaining('for a subject of kind') }] } });
  const stranger = await api.fetch('/v1/subjects', { method: 'POST', token: api.tokens.platform, json: identityBody('subj-api-2', person(62)) });
  expect(stranger).toMatchObject({ status: 400, body: { issues: [{ field: 'identity.number', rule: 'must be a number the real-name register knows' }] } });
  const twice = await api.fetch('/v1/subjects', { method: 'POST', token: api.tokens.platform, json: identityBody('subj-api-2') });
  expect(twice).toMatchObject({ status: 400, body: { issues: [{ field: 'identity.number', rule: 'must not be bound to another subject' }] } });
  expect((await api.fetch('/v1/subjects/subj-api-2', { token: api.tokens.reviewer })).status).toBe(404);
  expect((await api.fetch('/v1/subjects', { method: 'POST', token: api.tokens.reviewer, json: identityBody('subj-api-3') })).status).toBe(403);
});

test('blacklisting: supervisors only, 409 when listed already or not listed, shown in the standing', async () => {
  await api.fetch('/v1/subjects', { method: 'POST', token: api.tokens.platform, json: identityBody() });
  expect((await api.fetch('/v1/subjects/subj-api-1/blacklist', { method: 'POST', token: api.tokens.reviewer, json: { reason: '违规' } })).status).toBe(403);
  const empty = await api.fetch('/v1/subjects/subj-api-1/blacklist', { method: 'POST', token: api.tokens.supervisor, json: { reason: '' } });
  expect(empty).toMatchObject({ status: 400, body: { issues: [{ field: 'reason' }] } });
  const listed = await api.fetch('/v1/subjects/subj-api-1/blacklist', { method: 'POST', token: api.tokens.supervisor, json: { reason: '多次违规' } });
  expect(listed).toMatchObject({ status: 201, body: { subjectId: 'subj-api-1', listedBy: 'supervisor-wang', article: '第十九条' } });
  expect((await api.fetch('/v1/subjects/subj-api-1/blacklist', { method: 'POST', token: api.tokens.supervisor, json: { reason: '再次' } })).status).toBe(409);
  expect((await api.fetch('/v1/subjects/subj-api-1', { token: api.tokens.auditor })).body.blacklisted).toMatchObject({ reason: '多次违规' });
  expect((await api.fetch('/v1/subjects/nobody/blacklist', { method: 'POST', token: api.tokens.supervisor, json: { reason: 'x' } })).status).toBe(404);
  const lifted = await api.fetch('/v1/subjects/subj-api-1/blacklist/lift', { method: 'POST', token: api.tokens.supervisor, json: { reason: '申诉成立' } });
  expect(lifted).toMatchObject({ status: 200, body: { liftedBy: 'supervisor-wang', liftReason: '申诉成立' } });
  expect((await api.fetch('/v1/subjects/subj-api-1/blacklist/lift', { method: 'POST', token: api.tokens.supervisor, json: { reason: '再次' } })).status).toBe(409);
});

test('qualifications: submitted by the platform, decided by a reviewer, the badge in the account view, withdrawn by a supervisor', async () => {
  await api.fetch('/v1/subjects', { method: 'POST', token: api.tokens.platform, json: identityBody() });
  const materials = [{ documentKind: 'practising_certificate', issuer: '北京市司法局', certificateNumber: '11101200810123456', files: ['docs://law/1.pdf'] }];
  const q = await api.fetch('/v1/qualifications', { method: 'POST', token: api.tokens.platform, json: { subjectId: 'subj-api-1', category: 'judicial', materials } });
  expect(q).toMatchObject({ status: 201, body: { status: 'pending', materials: [{ certificateNumberMasked: expect.stringMatching(/^11\*+3456$/) }] } });
  expect(JSON.stringify(q.body)).not.toContain('11101200810123456');
  expect(q.body.materials[0].certificateNumberHash).toBeUndefined();

  const noExpiry = await api.fetch(`/v1/qualifications/${q.body.id}/decision`, { method: 'POST', token: api.tokens.reviewer, json: { decision: 'verify', reason: 'ok' } });
  expect(noExpiry).toMatchObject({ status: 400, body: { issues: [{ field: 'expiresAt', rule: expect.stringContaining('is required to verify') }] } });
  expect((await api.fetch(`/v1/qualifications/${q.body.id}/decision`, { method: 'POST', token: api.tokens.platform, json: { decision: 'reject', reason: 'x' } })).status).toBe(403);
  const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const verified = await api.fetch(`/v1/qualifications/${q.body.id}/decision`, { method: 'POST', token: api.tokens.reviewer, json: { decision: 'verify', reason: '证书核验无误', expiresAt } });
  expect(verified).toMatchObject({ status: 200, body: { status: 'verified', decidedBy: 'reviewer-li', expiresAt } });
  // A judicial account registers only once its subject holds the qualification (Art. 9).
  const registered = await api.fetch('/v1/accounts', { method: 'POST', token: api.tokens.platform, json: { accountId: 'api-law', name: '王律师说法', ...identityBody(), contentCategory: 'judicial' } });
  expect(registered).toMatchObject({ status: 201, body: { outcome: 'registered' } });
  expect((await api.fetch('/v1/accounts/api-law', { token: api.tokens.platform })).body.badge).toEqual({ badge: true, category: 'judicial', expiresAt });

  expect((await api.fetch('/v1/qualifications/999999/withdraw', { method: 'POST', token: api.tokens.supervisor, json: { reason: 'x' } })).status).toBe(404);
  const withdrawn = await api.fetch(`/v1/qualifications/${q.body.id}/withdraw`, { method: 'POST', token: api.tokens.supervisor, json: { reason: '执业证书被吊销' } });
  expect(withdrawn).toMatchObject({ status: 200, body: { status: 'withdrawn', withdrawnBy: 'supervisor-wang' } });
  expect((await api.fetch('/v1/accounts/api-law', { token: api.tokens.platform })).body.badge).toEqual({ badge: false, category: 'judicial' });
  const list = await api.fetch('/v1/qualifications?subjectId=subj-api-1', { token: api.tokens.auditor });
  expect(list).toMatchObject({ status: 200, body: { qualifications: [{ id: q.body.id, status: 'withdrawn' }] } });
});
