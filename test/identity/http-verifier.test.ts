import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpVerifier } from '../../identity/http-verifier';
import type { IdentityClaim } from '../../identity/verifier';
import { person } from '../helpers/identity';

// A real identity provider stand-in on a loopback port: what it receives and what it answers.
let server: Server;
let url: string;
let answer: (req: IncomingMessage, body: string, res: ServerResponse) => void;
const received: { auth?: string; body: unknown }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ auth: req.headers.authorization, body: body ? JSON.parse(body) : undefined });
      answer(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/verify`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
beforeEach(() => {
  received.length = 0;
});

const json = (status: number, body: unknown) => (_req: IncomingMessage, _b: string, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const claim: IdentityClaim = person(1);
const verifier = (timeoutMs = 2000) => httpVerifier({ url, token: 'secret-token', timeoutMs });

test('posts the claim with the bearer token and takes a yes', async () => {
  answer = json(200, { ok: true });
  expect(await verifier().verify(claim)).toEqual({ ok: true });
  expect(received).toEqual([{ auth: 'Bearer secret-token', body: { kind: 'resident_id', number: claim.number, name: claim.name, phone: claim.phone } }]);
});

test("a provider's no keeps its code and reason", async () => {
  answer = json(200, { ok: false, code: 'name_mismatch', reason: '姓名不符' });
  expect(await verifier().verify(claim)).toEqual({ ok: false, code: 'name_mismatch', reason: '姓名不符' });
});

test.each([
  ['a 5xx', json(503, { error: 'down' }), /HTTP 503/],
  ['a 401 (wrong token)', json(401, { error: 'bad token' }), /HTTP 401/],
  ['an answer outside the contract', json(200, { ok: 'yes' }), /outside the contract/],
  ['an unknown failure code', json(200, { ok: false, code: 'maybe', reason: '?' }), /outside the contract/],
  ['not JSON', (_q: IncomingMessage, _b: string, res: ServerResponse) => res.writeHead(200).end('<html>'), /other than JSON/],
])('%s is unavailable (retryable), and the reason holds no part of the claim', async (_what, a, reason) => {
  answer = a;
  const out = await verifier().verify(claim);
  expect(out).toEqual({ ok: false, code: 'unavailable', reason: expect.stringMatching(reason) });
  expect(JSON.stringify(out)).not.toContain(claim.number.slice(6, 14));
  expect(JSON.stringify(out)).not.toContain(claim.phone.slice(3));
});

test('no answer within the timeout is unavailable', async () => {
  answer = () => undefined; // never answers
  const started = Date.now();
  expect(await verifier(300).verify(claim)).toEqual({ ok: false, code: 'unavailable', reason: expect.stringContaining('no answer within 300 ms') });
  expect(Date.now() - started).toBeLessThan(2000);
});

test('a provider that cannot be reached is unavailable', async () => {
  const out = await httpVerifier({ url: 'http://127.0.0.1:1/verify', token: 't', timeoutMs: 1000 }).verify(claim);
  expect(out).toMatchObject({ ok: false, code: 'unavailable', reason: expect.stringContaining('could not be reached') });
});
