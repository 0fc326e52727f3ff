// The mail viewer shows received mail (personal data) to the local user only: it answers on loopback,
// to requests that name it by a loopback host, with headers that keep a browser from misusing it.
import { request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMailer } from '../../mail/mailer';
import { startSmtpSink, type SmtpSink } from '../../mail/sink';
import { startMailViewer } from '../../mail/viewer';

let sink: SmtpSink;
let viewer: Server;
let port: number;

beforeAll(async () => {
  sink = await startSmtpSink({});
  viewer = await startMailViewer(sink, 0);
  port = (viewer.address() as AddressInfo).port;
  const mailer = createMailer(sink.url, '合规通知 <compliance@platform.example>');
  await mailer.send({ to: 'ouyang@mail.example', subject: '<script>alert(1)</script> 通知', text: '电话 13812345678', messageId: '<viewer-test@platform.example>' });
  mailer.close();
});
afterAll(async () => {
  await new Promise((r) => viewer.close(r));
  await sink.stop();
});

/** A request as a browser would send it, with the Host header it names the page by. */
function get(path: string, host: string, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('listens on loopback only', () => {
  expect((viewer.address() as AddressInfo).address).toBe('127.0.0.1');
});

test.each(['127.0.0.1', 'localhost'])('answers when named %s with its port, with nosniff and a restrictive CSP', async (name) => {
  for (const path of ['/', '/messages.json', '/messages/1']) {
    const r = await get(path, `${name}:${port}`);
    expect({ path, status: r.status }).toEqual({ path, status: 200 });
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'unsafe-inline';/);
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  }
  expect((await get('/', `${name}:${port}`)).body).toContain('&lt;script&gt;');
});

test.each([
  ['a rebinding attacker\'s name', (p: number) => `evil.example:${p}`],
  ['a loopback name on another port', (p: number) => `127.0.0.1:${p + 1}`],
  ['no port', () => 'localhost'],
  ['a name that only begins like loopback', (p: number) => `127.0.0.1.evil.example:${p}`],
])('refuses a request naming %s: 421, and no mail in the answer', async (_, host) => {
  for (const path of ['/', '/messages.json', '/messages/1']) {
    const r = await get(path, host(port));
    expect({ path, status: r.status }).toEqual({ path, status: 421 });
    expect(r.body).toMatch(/^Host: must be one of 127\.0\.0\.1:\d+, localhost:\d+/);
    expect(r.body).not.toContain('13812345678');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  }
});

test('is read only', async () => {
  expect((await get('/', `127.0.0.1:${port}`, 'POST')).status).toBe(405);
});
