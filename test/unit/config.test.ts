import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../config/env';

test('defaults point at the embedded parts that npm start runs, with the regulation-derived policy', () => {
  const c = loadConfig({});
  expect(c.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'compliance', embedded: true });
  expect(c.databaseUrl).toBe('postgres://compliance_app@127.0.0.1:55432/postgres');
  expect(c.databaseOwnerUrl).toBe('postgres://compliance_owner@127.0.0.1:55432/postgres');
  expect(c.databaseAppRole).toBe('compliance_app');
  expect(c.checkpoints).toEqual({ signingKeyFile: join('data', 'keys', 'checkpoint-signing.pem'), dir: join('data', 'checkpoints'), everyMs: 3_600_000 });
  expect(c.smtpUrl).toBe('smtp://127.0.0.1:2525');
  expect(c.policy.nameCorrection.window).toBe(7 * 86_400_000);
  expect(c.policy.nameCorrection.remindBefore).toEqual([72 * 3_600_000, 24 * 3_600_000]);
});

test('production settings: a remote cluster with an API key implies TLS', () => {
  const c = loadConfig({
    TEMPORAL_ADDRESS: 'acme.a1b2c.tmprl.cloud:7233',
    TEMPORAL_NAMESPACE: 'acme.a1b2c',
    TEMPORAL_API_KEY: 'key',
    DATABASE_URL: 'postgres://app@db.internal:5432/compliance',
    SMTP_URL: 'smtps://relay.internal:465',
  });
  expect(c.temporal).toMatchObject({ embedded: false, tls: true, apiKey: 'key' });
  expect(c.databaseEmbedded).toBe(false);
  expect(c.smtpEmbedded).toBe(false);
});

test.each([
  [{ TEMPORAL_ADDRESS: 'localhost' }, /TEMPORAL_ADDRESS: must be host:port/],
  [{ DATABASE_URL: 'mysql://x/y' }, /DATABASE_URL: must be a postgres:\/\/ URL/],
  [{ SMTP_URL: 'http://mail' }, /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/],
  [{ EMBEDDED_DB_PORT: '99999' }, /EMBEDDED_DB_PORT: /],
  [{ DATABASE_OWNER_URL: 'http://x' }, /DATABASE_OWNER_URL: must be a postgres:\/\/ URL/],
  [{ CHECKPOINT_EVERY: 'hourly' }, /CHECKPOINT_EVERY: must be like/],
  [{ TEMPORAL_TLS: 'yes' }, /TEMPORAL_TLS: /],
  [{ TEMPORAL_TLS_CERT: '/x.pem' }, /TEMPORAL_TLS_KEY: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/],
  [{ IDENTITY_VERIFIER: 'ldap' }, /IDENTITY_VERIFIER: /],
  [{ IDENTITY_VERIFIER: 'http', IDENTITY_VERIFIER_TOKEN_FILE: '/t' }, /IDENTITY_VERIFIER_URL: is required with IDENTITY_VERIFIER=http/],
  [{ IDENTITY_VERIFIER: 'http', IDENTITY_VERIFIER_URL: 'https://idp.example/verify' }, /IDENTITY_VERIFIER_TOKEN_FILE: is required with IDENTITY_VERIFIER=http/],
  [{ IDENTITY_VERIFIER_URL: 'ftp://idp.example' }, /IDENTITY_VERIFIER_URL: must be an http\(s\):\/\/ URL/],
])('a wrong value fails at start, naming the variable and the rule: %j', (env, message) => {
  expect(() => loadConfig(env as NodeJS.ProcessEnv)).toThrow(message);
});

test('identity: keys beside the data by default; the verifier is the store unless http is configured', () => {
  expect(loadConfig({ DATA_DIR: '/srv/data' }).identity).toEqual({ keysFile: '/srv/data/keys/identity-keys.json', verifier: { kind: 'store' } });
  const http = loadConfig({ IDENTITY_VERIFIER: 'http', IDENTITY_VERIFIER_URL: 'https://idp.example/verify', IDENTITY_VERIFIER_TOKEN_FILE: '/run/idp-token' });
  expect(http.identity.verifier).toEqual({ kind: 'http', url: 'https://idp.example/verify', tokenFile: '/run/idp-token', timeoutMs: 5000 });
});

test('a policy file overrides sections; a wrong policy names the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-'));
  const good = join(dir, 'good.json');
  writeFileSync(good, JSON.stringify({ nameCorrection: { window: '10 days', remindBefore: ['48 hours'] } }));
  const c = loadConfig({ POLICY_FILE: good });
  expect(c.policy.nameCorrection.window).toBe(10 * 86_400_000);
  expect(c.policy.nameCorrection.maxExtension).toBe(30 * 86_400_000); // untouched field keeps its default
  expect(c.policy.names.protectedWords).toContain('国务院');

  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ nameCorrection: { window: 'a week' } }));
  expect(() => loadConfig({ POLICY_FILE: bad })).toThrow(/POLICY_FILE \(.*bad\.json\): nameCorrection\.window: must be like "7 days"/);
  writeFileSync(bad, JSON.stringify({ nameCorrection: { window: '2 days', remindBefore: ['72 hours'] } }));
  expect(() => loadConfig({ POLICY_FILE: bad })).toThrow(/nameCorrection\.remindBefore\.0: must be shorter than window/);
  expect(() => loadConfig({ POLICY_FILE: join(dir, 'missing.json') })).toThrow(/POLICY_FILE: cannot read/);
  rmSync(dir, { recursive: true, force: true });
});

test('the demo policy in the repository is valid', () => {
  const c = loadConfig({ POLICY_FILE: join(__dirname, '../../policy/demo.json') });
  expect(c.policy.nameCorrection.window).toBe(30 * 60_000);
});

test('payload keys live with the data unless PAYLOAD_KEYS_FILE says where; the codec server port is checked', () => {
  expect(loadConfig({}).temporal.payloadKeysFile).toBe(join('data', 'keys', 'payload-keys.json'));
  expect(loadConfig({ DATA_DIR: '/srv/compliance' }).temporal.payloadKeysFile).toBe('/srv/compliance/keys/payload-keys.json');
  expect(loadConfig({ PAYLOAD_KEYS_FILE: '/etc/compliance/keys.json' }).temporal.payloadKeysFile).toBe('/etc/compliance/keys.json');
  expect(loadConfig({}).codecServerPort).toBe(8090);
  expect(() => loadConfig({ CODEC_SERVER_PORT: '0' })).toThrow(/CODEC_SERVER_PORT: /);
});

test('the API: its port, OIDC whose variables go together, and where the CLI finds the API and its token', () => {
  const c = loadConfig({ DATA_DIR: '/srv/compliance' });
  expect(c.apiPort).toBe(8089);
  expect(c.oidc).toBeUndefined();
  expect(c.client).toEqual({ apiUrl: 'http://127.0.0.1:8089', token: undefined, tokenFile: '/srv/compliance/admin-token' });

  const issuer = { OIDC_ISSUER: 'https://login.platform.example', OIDC_AUDIENCE: 'compliance-api' };
  expect(loadConfig({ ...issuer, OIDC_JWKS_URL: 'https://login.platform.example/jwks.json' }).oidc).toEqual({
    issuer: 'https://login.platform.example',
    audience: 'compliance-api',
    jwksUrl: 'https://login.platform.example/jwks.json',
    jwks: undefined,
    rosterClaim: 'sub',
  });
  expect(() => loadConfig({ OIDC_ISSUER: issuer.OIDC_ISSUER, OIDC_JWKS_URL: 'https://x.example/jwks' })).toThrow(/^invalid configuration: OIDC_AUDIENCE: is required with OIDC_ISSUER/);
  expect(() => loadConfig(issuer)).toThrow(/OIDC_JWKS_URL: OIDC_ISSUER needs exactly one of OIDC_JWKS_URL, OIDC_JWKS_FILE/);

  const dir = mkdtempSync(join(tmpdir(), 'jwks-'));
  const jwks = join(dir, 'jwks.json');
  writeFileSync(jwks, JSON.stringify({ keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }] }));
  expect(loadConfig({ ...issuer, OIDC_JWKS_FILE: jwks, OIDC_ROSTER_CLAIM: 'employee_id' }).oidc).toMatchObject({ jwks: { keys: [{ kty: 'OKP' }] }, rosterClaim: 'employee_id' });
  writeFileSync(jwks, '{"not":"a key set"}');
  expect(() => loadConfig({ ...issuer, OIDC_JWKS_FILE: jwks })).toThrow(/^OIDC_JWKS_FILE: .* must be a JWKS/);
  expect(() => loadConfig({ ...issuer, OIDC_JWKS_FILE: join(dir, 'missing.json') })).toThrow(/^OIDC_JWKS_FILE: cannot read/);
  rmSync(dir, { recursive: true, force: true });
  expect(() => loadConfig({ COMPLIANCE_API_URL: 'ftp://x' })).toThrow(/COMPLIANCE_API_URL: must be an http\(s\):\/\/ URL/);
});
