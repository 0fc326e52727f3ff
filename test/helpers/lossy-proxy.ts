import { createServer, request as forward, type IncomingHttpHeaders } from 'node:http';

/** One answer the API gave through the proxy, whether or not the client got it. */
export interface ProxiedAnswer {
  method: string;
  path: string;
  idempotencyKey?: string;
  status: number;
  body: unknown;
  /** The client never read it: dropped on purpose, or the client had given up. */
  lost: boolean;
}

export interface LossyProxy {
  url: string;
  /** Every answer the API gave, in the order they came back. */
  answers: ProxiedAnswer[];
  /** The next answers to requests that match are read from the API, kept here, and not passed on: the client's connection is cut. */
  dropAnswerTo(match: (method: string, path: string, headers: IncomingHttpHeaders) => boolean): void;
  stop(): Promise<void>;
}

/**
 * A network between a client and the API that can lose answers: the request reaches the API and is
 * carried out, the answer comes back to the proxy, and the client's connection is cut before it gets
 * it. What the API answered is kept, so a test can compare a retried request's answer with the first.
 */
export async function startLossyProxy(upstream: string): Promise<LossyProxy> {
  const target = new URL(upstream);
  const answers: ProxiedAnswer[] = [];
  const drops: ((method: string, path: string, headers: IncomingHttpHeaders) => boolean)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const i = drops.findIndex((d) => d(req.method!, req.url!, req.headers));
      const drop = i >= 0;
      if (drop) drops.splice(i, 1);
      const up = forward({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (c: Buffer) => body.push(c));
        answer.on('end', () => {
          const text = Buffer.concat(body).toString();
          const lost = drop || res.destroyed || req.socket.destroyed;
          const key = req.headers['idempotency-key'];
          answers.push({ method: req.method!, path: req.url!, ...(typeof key === 'string' ? { idempotencyKey: key } : {}), status: answer.statusCode!, body: text ? JSON.parse(text) : undefined, lost });
          if (lost) return void req.socket.destroy();
          res.writeHead(answer.statusCode!, answer.headers).end(text);
        });
      });
      up.on('error', () => req.socket.destroy());
      up.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    answers,
    dropAnswerTo: (match) => void drops.push(match),
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
