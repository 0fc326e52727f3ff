import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createOidcVerifier } from '../../api/auth/oidc';
import { createApiToken, revokeApiToken } from '../../api/auth/token-admin';
import { listRecords } from '../../store/records';
import { listTokens } from '../../store/tokens';
import { apiStack, CALLERS } from './api-stack';

// Authentication over real HTTP: API tokens (hashed, revocable), OIDC tokens against a JWKS served
// here, and the roster as the only source of roles.
const ISSUER = 'https://login.platform.example';
const AUDIENCE = 'compliance-api';
let jwks: Server;
let jwksUrl: string;
let signingKey: CryptoKey;
let strangerKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  signingKey = pair.privateKey;
  strangerKey = (await generateKeyPair('ES256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  jwks = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
  await new Promise<void>((r) => jwks.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as { port: number }).port}/jwks.json`;
});
afterAll(() => new Promise((r) => {
  jwks?.closeAllConnections();
  jwks?.close(r);
}));

const api = apiStack({ oidc: () => createOidcVerifier({ issuer: ISSUER, audience: AUDIENCE, jwksUrl, rosterClaim: 'sub' }) });

function jwt(claims: { sub?: string; aud?: string; iss?: string; exp?: string | number }, key = signingKey): Promise<string> {
  const t = new SignJWT(claims.sub ? { sub: claims.sub } : {})
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuedAt()
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setExpirationTime(claims.exp ?? '5m');
  return t.sign(key);
}

describe('401: a credential that proves nothing', () => {
  test.each([
    ['no Authorization header', undefined, /missing credential/],
    ['not a bearer token', 'Basic YWRtaW46YWRtaW4=', /Bearer/],
    ['an API token of the right form but unknown', 'Bearer pac_abcdefghjk_' + 'A'.repeat(43), /not recognised/],
    ['a mangled API token', 'Bearer pac_x', /not recognised/],
  ])('%s → 401', async (_what, header, message) => {
    const r = await api.fetch('/v1/me', { headers: header ? { authorization: header } : {} });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: 'unauthenticated', message: expect.stringMatching(message) });
  });

  test('the right token id with a wrong secret → 401', async () => {
    const [, id] = api.tokens.reviewer.split('_');
    const r = await api.fetch('/v1/me', { token: `pac_${id}_${'B'.repeat(43)}` });
    expect(r.status).toBe(401);
  });
});

test("an API token proves its roster entry; the roles are the roster's", async () => {
  expect(await api.as('supervisor').me()).toEqual({ id: CALLERS.supervisor, roles: ['supervisor', 'reviewer'] });
  expect(await api.as('admin').me()).toEqual({ id: 'admin', roles: ['admin'] });
});

test('the store keeps only a hash of each secret', async () => {
  const r = await api.stack.db.query<{ secret_hash: string }>('SELECT secret_hash FROM api_tokens');
  // The secret itself may contain '_' (base64url): everything after "pac_<id>_".
  const secrets = Object.values(api.tokens).map((t) => /^pac_[a-z2-9]{10}_(.+)$/.exec(t)![1]!);
  for (const row of r.rows) {
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    for (const s of secrets) expect(row.secret_hash).not.toContain(s);
  }
});

test('an admin makes a token (secret shown once), it works, the admin revokes it, it is refused; both recorded', async () => {
  const admin = api.as('admin');
  const made = await admin.tokens.create({ subject: CALLERS.reviewer, label: 'review console' });
  expect(made.token).toMatch(/^pac_[a-z2-9]{10}_[\w-]{43}$/);
  expect(made.info).toMatchObject({ subject: CALLERS.reviewer, createdBy: 'admin', revokedAt: null });
  const listed = await admin.tokens.list({ subject: CALLERS.reviewer });
  expect(listed.tokens.map((t) => t.id)).toContain(made.info.id);
  expect(JSON.stringify(listed)).not.toContain(made.token.split('_')[2]);

  expect((await api.fetch('/v1/me', { token: made.token })).status).toBe(200);
  const revoked = await admin.tokens.revoke(made.info.id, 'console retired');
  expect(revoked).toMatchObject({ id: made.info.id, revokedBy: 'admin' });
  const after = await api.fetch('/v1/me', { token: made.token });
  expect(after).toMatchObject({ status: 401, body: { message: `API token ${made.info.id} was revoked` } });
  // A second revocation finds no live token.
  expect((await api.fetch(`/v1/tokens/${made.info.id}/revoke`, { method: 'POST', token: api.tokens.admin, json: { reason: 'again' } })).status).toBe(404);

  const records = (await listRecords(api.stack.db)).filter((r) => (r.evidence as { tokenId?: string }).tokenId === made.info.id);
  expect(records.map((r) => [r.action, r.actor, r.reason])).toEqual([
    ['api_token_created', 'admin', 'review console'],
    ['api_token_revoked', 'admin', 'console retired'],
  ]);
});

test('the token service checks the admin role itself: a caller that skips the route makes and revokes nothing', async () => {
  const before = await listTokens(api.stack.db);
  const reviewer = { id: CALLERS.reviewer, roles: ['reviewer' as const] };
  await expect(createApiToken(api.stack.db, reviewer, { subject: CALLERS.reviewer, label: 'my own' })).rejects.toThrow(
    `"${CALLERS.reviewer}" (roles: reviewer) may not make API tokens; it needs the admin role`,
  );
  await expect(revokeApiToken(api.stack.db, reviewer, before[0]!.id, { reason: 'x' })).rejects.toThrow('may not revoke API tokens');
  expect(await listTokens(api.stack.db)).toEqual(before);
});

test('a token for someone not on the roster is not made (400 naming the field); nothing is stored', async () => {
  const before = (await listTokens(api.stack.db)).length;
  const r = await api.fetch('/v1/tokens', { method: 'POST', token: api.tokens.admin, json: { subject: 'nobody', label: 'x' } });
  expect(r).toMatchObject({ status: 400, body: { error: 'invalid_input', issues: [{ field: 'subject', rule: 'must name an active entry on the roster' }] } });
  expect((await listTokens(api.stack.db)).length).toBe(before);
});

test('an admin changes the roster (recorded, no display name in the record); an entry taken off it loses its access at once', async () => {
  const admin = api.as('admin');
  await admin.roster.set('temp-reviewer', { displayName: '临时审核员', roles: ['reviewer'], reason: 'holiday cover' });
  const { token } = await admin.tokens.create({ subject: 'temp-reviewer', label: 'holiday cover' });
  expect((await api.fetch('/v1/me', { token })).body).toEqual({ id: 'temp-reviewer', roles: ['reviewer'] });

  // Roles come from the roster at each call: a change shows in the next one.
  await admin.roster.set('temp-reviewer', { displayName: '临时审核员', roles: ['reviewer', 'supervisor'], reason: 'promoted' });
  expect((await api.fetch('/v1/me', { token })).body.roles).toEqual(['reviewer', 'supervisor']);

  await admin.roster.set('temp-reviewer', { displayName: '临时审核员', roles: ['reviewer'], active: false, reason: 'holiday over' });
  expect(await api.fetch('/v1/me', { token })).toMatchObject({ status: 401, body: { message: '"temp-reviewer" is not an active entry on the roster' } });
  expect((await admin.roster.list()).operators.map((o) => o.id)).not.toContain('temp-reviewer');

  const records = (await listRecords(api.stack.db)).filter((r) => r.action === 'roster_change' && (r.evidence as { operatorId?: string }).operatorId === 'temp-reviewer');
  expect(records.map((r) => [r.actor, r.reason, (r.evidence as { roles: string[] }).roles.join('+'), (r.evidence as { active: boolean }).active])).toEqual([
    ['admin', 'holiday cover', 'reviewer', true],
    ['admin', 'promoted', 'reviewer+supervisor', true],
    ['admin', 'holiday over', 'reviewer', false],
  ]);
  expect(JSON.stringify(records)).not.toContain('临时审核员');
});

test('the first admin was set up by the first start, and that is on record too', async () => {
  const records = (await listRecords(api.stack.db)).filter((r) => r.actor === 'system:first-start');
  expect(records.map((r) => r.action)).toEqual(['roster_change', 'api_token_created']);
});

describe('OIDC bearer tokens', () => {
  test('a token from the issuer, for this audience, naming a roster id, proves that id with its roster roles', async () => {
    const r = await api.fetch('/v1/me', { token: await jwt({ sub: CALLERS.reviewer }) });
    expect(r).toEqual({ status: 200, body: { id: CALLERS.reviewer, roles: ['reviewer'] } });
  });

  test.each([
    ['another audience', () => jwt({ sub: CALLERS.reviewer, aud: 'another-api' }), /aud/],
    ['another issuer', () => jwt({ sub: CALLERS.reviewer, iss: 'https://evil.example' }), /iss/],
    ['expired', () => jwt({ sub: CALLERS.reviewer, exp: Math.floor(Date.now() / 1000) - 600 }), /exp/],
    ['signed by a key not in the key set', () => jwt({ sub: CALLERS.reviewer }, strangerKey), /signature/],
    ['without a subject', () => jwt({}), /claim "sub"/],
    ['for someone not on the roster', () => jwt({ sub: 'mallory' }), /not an active entry on the roster/],
  ])('%s → 401', async (_what, make, message) => {
    const r = await api.fetch('/v1/me', { token: await make() });
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(message);
  });
});
