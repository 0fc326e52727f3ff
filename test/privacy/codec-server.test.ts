// The codec server over real HTTP: the Temporal UI's way to show payloads decrypted, to readers only.
// Its door is the API's own authentication (api/auth/authenticate.ts, as `npm start` wires it through
// runApi): real API tokens made by the API's token store, checked against the roster in PostgreSQL.
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { authenticate } from '../../api/auth/authenticate';
import { createApiToken, revokeApiToken } from '../../api/auth/token-admin';
import { ensurePayloadKeys, readPayloadKeys } from '../../codec/keys';
import { EncryptionCodec } from '../../codec/payload-codec';
import { toJson } from '../../codec/protocol';
import { SESSION_COOKIE, startCodecServer, type CodecServer } from '../../codec/server';
import type { Principal } from '../../rules/roles';
import { upsertOperator } from '../../store/operators';
import { migratedStore } from '../store/migrated-store';

const UI = 'http://127.0.0.1:8233';
const ADMIN: Principal = { id: 'admin', roles: ['admin'] };
const keysFile = join(mkdtempSync(join(tmpdir(), 'codec-server-')), 'keys.json');
ensurePayloadKeys(keysFile);
const codec = new EncryptionCodec(readPayloadKeys(keysFile));
const store = migratedStore();
let server: CodecServer;
let host: string;
/** API tokens, as an admin makes them through the API: a reviewer's, a platform service's, a revoked one, one of someone taken off the roster. */
const tok = { reviewer: '', platform: '', revoked: '', offRoster: '' };

beforeAll(async () => {
  const db = store.db();
  await upsertOperator(db, { id: 'admin', displayName: 'First administrator', roles: ['admin'] });
  await upsertOperator(db, { id: 'reviewer-li', displayName: '李审核', roles: ['reviewer'] });
  await upsertOperator(db, { id: 'reviewer-gone', displayName: '离职审核', roles: ['reviewer'] });
  await upsertOperator(db, { id: 'content-risk-service', displayName: '内容风控服务', roles: ['platform'] });
  const make = async (subject: string) => createApiToken(db, ADMIN, { subject, label: `codec test ${subject}` });
  tok.reviewer = (await make('reviewer-li')).token;
  tok.platform = (await make('content-risk-service')).token;
  const revoked = await make('reviewer-li');
  await revokeApiToken(db, ADMIN, revoked.info.id, { reason: 'laptop lost' });
  tok.revoked = revoked.token;
  tok.offRoster = (await make('reviewer-gone')).token;
  await upsertOperator(db, { id: 'reviewer-gone', displayName: '离职审核', roles: ['reviewer'], active: false });
  server = await startCodecServer({
    codec,
    port: 0,
    uiOrigins: [UI, 'http://localhost:8233'],
    uiUrl: UI,
    authenticate: (req) => authenticate({ db }, req),
  });
  host = new URL(server.url).host;
});
afterAll(() => server?.close());

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): { payloads: { metadata: Record<string, string>; data: string }[]; error?: string };
}

function call(method: string, path: string, o: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method, headers: { host, ...o.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, json: () => JSON.parse(body) }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const sealed = async (v: unknown) => toJson((await codec.encode([defaultPayloadConverter.toPayload(v)]))[0]!);
const decodeBody = async () => JSON.stringify({ payloads: [await sealed({ statement: '电话 13812345678' })] });
const value = (a: Answer) => defaultPayloadConverter.fromPayload({
  metadata: Object.fromEntries(Object.entries(a.json().payloads[0]!.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(a.json().payloads[0]!.data, 'base64'),
});
const json = { 'content-type': 'application/json', 'x-namespace': 'default' };

test('a reader with an API token gets payloads decrypted, and /encode seals what /decode opens', async () => {
  const r = await call('POST', '/decode', { headers: { ...json, authorization: `Bearer ${tok.reviewer}` }, body: await decodeBody() });
  expect(r.status).toBe(200);
  expect(value(r)).toEqual({ statement: '电话 13812345678' });
  const plain = toJson(defaultPayloadConverter.toPayload({ a: 1 }));
  const e = await call('POST', '/default/encode', { headers: { ...json, authorization: `Bearer ${tok.reviewer}` }, body: JSON.stringify({ payloads: [plain] }) });
  expect(Buffer.from(e.json().payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
  const d = await call('POST', '/default/decode', { headers: { ...json, authorization: `Bearer ${tok.reviewer}` }, body: e.body });
  expect(value(d)).toEqual({ a: 1 });
});

test.each([
  ['no credentials', {}, 401, /sign in first/],
  ['an unknown token', { authorization: 'Bearer pac_aaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }, 401, /prove no one/],
  ['not a token at all', { authorization: 'Bearer nope' }, 401, /prove no one/],
  ['a revoked token', { token: 'revoked' as const }, 401, /prove no one/],
  ['the token of someone taken off the roster', { token: 'offRoster' as const }, 401, /prove no one/],
  ['a platform service', { token: 'platform' as const }, 403, /content-risk-service may not read payloads: that takes one of the roles reviewer, supervisor, auditor, admin/],
])('%s: refused, and nothing decrypted in the answer', async (_, who: { authorization?: string; token?: keyof typeof tok }, status, message) => {
  const headers: Record<string, string> = who.token ? { authorization: `Bearer ${tok[who.token]}` } : who.authorization ? { authorization: who.authorization } : {};
  const r = await call('POST', '/decode', { headers: { ...json, ...headers }, body: await decodeBody() });
  expect(r.status).toBe(status);
  expect(r.json().error).toMatch(message);
  expect(r.body).not.toContain('13812345678');
});

test('bad requests are refused naming the field and the rule', async () => {
  const r = await call('POST', '/decode', { headers: { ...json, authorization: `Bearer ${tok.reviewer}` }, body: JSON.stringify({ payloads: [{ data: 'not base64!' }] }) });
  expect(r.status).toBe(400);
  expect(r.json().error).toBe('invalid request: payloads.0.data: must be base64');
});

test('the browser: sign in with a token, then the UI\'s cross-origin requests carry the HttpOnly same-site cookie', async () => {
  const page = await call('GET', '/');
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.headers['x-content-type-options']).toBe('nosniff');
  expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'unsafe-inline';/);

  const form = { 'content-type': 'application/x-www-form-urlencoded', origin: server.url };
  const bad = await call('POST', '/sign-in', { headers: form, body: 'token=nope' });
  expect(bad.status).toBe(401);
  expect(bad.headers['set-cookie']).toBeUndefined();
  const forged = await call('POST', '/sign-in', { headers: { ...form, origin: 'http://evil.example' }, body: `token=${tok.reviewer}` });
  expect(forged.status).toBe(403);

  const ok = await call('POST', '/sign-in', { headers: form, body: `token=${tok.reviewer}` });
  expect(ok.status).toBe(200);
  expect(ok.body).toContain('reviewer-li');
  const setCookie = String(ok.headers['set-cookie']);
  expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=${tok.reviewer};`));
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  const session = setCookie.split(';')[0]!;

  // The UI's preflight, then its request with credentials included.
  const pre = await call('OPTIONS', '/decode', { headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' } });
  expect(pre.status).toBe(204);
  expect(pre.headers['access-control-allow-origin']).toBe(UI);
  expect(pre.headers['access-control-allow-credentials']).toBe('true');
  expect(pre.headers['access-control-allow-headers']).toContain('x-namespace');
  const r = await call('POST', '/decode', { headers: { ...json, origin: UI, cookie: session }, body: await decodeBody() });
  expect(r.status).toBe(200);
  expect(r.headers['access-control-allow-origin']).toBe(UI);
  expect(value(r)).toEqual({ statement: '电话 13812345678' });

  // Another page (here the mail viewer's origin: same site, so the cookie would go along) may not use the session.
  const other = await call('POST', '/decode', { headers: { ...json, origin: 'http://127.0.0.1:8025', cookie: session }, body: await decodeBody() });
  expect(other.status).toBe(403);
  expect(other.body).not.toContain('13812345678');
  expect((await call('OPTIONS', '/decode', { headers: { origin: 'http://evil.example' } })).status).toBe(403);
});

test('a request that names the server by another host (DNS rebinding) is refused', async () => {
  for (const h of ['evil.example', `evil.example:${new URL(server.url).port}`, '127.0.0.1:1']) {
    const r = await call('POST', '/decode', { headers: { ...json, host: h, authorization: `Bearer ${tok.reviewer}` }, body: await decodeBody() });
    expect({ h, status: r.status }).toEqual({ h, status: 421 });
    expect(r.body).not.toContain('13812345678');
  }
});
