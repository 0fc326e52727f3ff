import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { guardLocalRequest } from '../security/loopback-page';
import type { SmtpSink } from './sink';

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * A read-only page of what the SMTP sink received: `/` lists, `/messages/<id>` shows one, `/messages.json`
 * for scripts. Mail holds personal data: loopback only, and only for requests that name it by a
 * loopback host (security/loopback-page.ts).
 */
export async function startMailViewer(sink: SmtpSink, port: number, host = '127.0.0.1'): Promise<Server> {
  const server = createServer((req, res) => {
    if (!guardLocalRequest(req, res, (server.address() as AddressInfo).port)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end('read only');
      return;
    }
    const all = sink.messages();
    if (req.url === '/messages.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(all, null, 2));
      return;
    }
    const one = /^\/messages\/(\d+)$/.exec(req.url ?? '');
    if (one) {
      const m = all.find((x) => x.id === Number(one[1]));
      if (!m) {
        res.writeHead(404).end('no such message');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`From: ${m.from}\nTo: ${m.to.join(', ')}\nDate: ${m.receivedAt}\nSubject: ${m.subject}\nMessage-ID: ${m.messageId}\n\n${m.text}`);
      return;
    }
    const rows = [...all]
      .reverse()
      .map((m) => `<tr><td>${m.receivedAt}</td><td>${escape(m.to.join(', '))}</td><td><a href="/messages/${m.id}">${escape(m.subject)}</a></td></tr>`)
      .join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><meta charset="utf-8"><title>Mail sink</title><h1>Received mail (${all.length})</h1><table border="1" cellpadding="4"><tr><th>received</th><th>to</th><th>subject</th></tr>${rows}</table>`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
