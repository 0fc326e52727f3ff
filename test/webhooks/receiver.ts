import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST as the receiver got it: the raw body (what the signature covers) and the headers. */
export interface Delivery {
  id: string;
  body: string;
  headers: IncomingHttpHeaders;
  /** The status the receiver answered. */
  status: number;
}

/**
 * A platform's webhook endpoint, on a real local port. `down()` closes the port (the deliverer gets
 * connection refused); `up()` listens on the same port again; `answer` sets what it replies.
 */
export interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Only the acknowledged ones (2xx), in arrival order. */
  acknowledged(): Delivery[];
  answer(status: number, delayMs?: number): void;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hooks/measures'): Promise<Receiver> {
  let status = 200;
  let delayMs = 0;
  const deliveries: Delivery[] = [];
  let server: Server;
  const listen = (port: number) =>
    new Promise<Server>((resolve, reject) => {
      const s = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const reply = status;
          const finish = () => {
            deliveries.push({ id: String(req.headers['webhook-id']), body: Buffer.concat(chunks).toString('utf8'), headers: req.headers, status: reply });
            res.writeHead(reply).end(reply < 300 ? 'ok' : 'not now');
          };
          if (delayMs) setTimeout(finish, delayMs);
          else finish();
        });
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve(s));
    });
  server = await listen(0);
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  let listening = true;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    deliveries,
    acknowledged: () => deliveries.filter((d) => d.status >= 200 && d.status < 300),
    answer(s, d = 0) {
      status = s;
      delayMs = d;
    },
    async down() {
      if (!listening) return;
      listening = false;
      await close();
    },
    async up() {
      if (listening) return;
      server = await listen(port);
      listening = true;
    },
    async close() {
      if (listening) await close();
      listening = false;
    },
  };
}

/** Polls until `check` holds, or fails naming what it waited for. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
