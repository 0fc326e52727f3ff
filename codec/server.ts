import type { PayloadCodec } from '@temporalio/common';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Principal, Role } from '../rules/roles';
import { formatIssues } from '../schemas/errors';
import { LOCAL_PAGE_HEADERS, loopbackHosts } from '../security/loopback-page';
import { fromJson, PayloadsBodySchema, toJson } from './protocol';
import { signedInPage, signInPage } from './sign-in-page';

/** Who may read decrypted payloads: people who handle cases or audit them; not platform services. */
export const PAYLOAD_READERS: readonly Role[] = ['reviewer', 'supervisor', 'auditor', 'admin'];

/** The HttpOnly cookie the sign-in page sets: the API token, sent back by the UI's codec requests. */
export const SESSION_COOKIE = 'codec_session';
const SESSION_SECONDS = 8 * 3600;

export interface CodecServerOptions {
  codec: PayloadCodec;
  /**
   * The API's authentication (api/auth/authenticate.ts): the principal a request's credentials prove;
   * throws when they prove none. It reads `Authorization: Bearer <token>`; a signed-in browser's cookie
   * is put there first.
   */
  authenticate(request: FastifyRequest): Promise<Principal>;
  /** Origins of the Temporal UI allowed to call /encode and /decode from the browser (CORS, with credentials). */
  uiOrigins: readonly string[];
  /** Where the sign-in page links back to. */
  uiUrl?: string;
  /** Host names besides the loopback ones with the server's port (behind a proxy: its public name). */
  extraHosts?: readonly string[];
  readers?: readonly Role[];
}

/** One cookie's value from a Cookie header. (@fastify/cookie loads its parser by dynamic import, which jest's VM refuses.) */
function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The codec server (Temporal's codec-server protocol): lets an authorised operator's Temporal UI show
 * payloads decrypted. Every request must name it by an allowed Host (DNS rebinding) and come from its
 * own pages or the UI's origin; /encode and /decode need a principal with a reader role.
 */
export function buildCodecServer(o: CodecServerOptions): FastifyInstance {
  const readers = o.readers ?? PAYLOAD_READERS;
  const app = Fastify({ logger: false, bodyLimit: 4 * 1024 * 1024 });
  const port = () => (app.server.address() as AddressInfo).port;
  const hosts = () => new Set([...loopbackHosts(port()), ...(o.extraHosts ?? [])]);
  const ownOrigin = (req: FastifyRequest) => `${req.protocol}://${req.headers.host}`;

  // The sign-in form posts urlencoded; nothing else does.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.addHook('onRequest', async (req, reply) => {
    reply.headers(LOCAL_PAGE_HEADERS);
    if (!hosts().has((req.headers.host ?? '').toLowerCase())) {
      throw new HttpError(421, `Host: must be one of ${[...hosts()].join(', ')}`);
    }
    const origin = req.headers.origin;
    if (origin && o.uiOrigins.includes(origin)) {
      reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true').header('vary', 'Origin');
    } else if (origin && origin !== ownOrigin(req)) {
      // Another page in the browser (even one on loopback, which is same-site) may not use the session.
      throw new HttpError(403, `Origin: ${origin} is not the Temporal UI (${o.uiOrigins.join(', ')})`);
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    const status = err instanceof HttpError ? err.status : err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
    // No detail of an unexpected error: it could quote a payload.
    void reply.status(status).type('application/json; charset=utf-8').send({ error: status === 500 ? 'internal error' : err.message });
  });

  // The UI's preflight for a JSON POST with X-Namespace (and Authorization when it passes a token).
  app.options('/*', async (req, reply) => {
    if (!req.headers.origin || !o.uiOrigins.includes(req.headers.origin)) throw new HttpError(403, 'Origin: not the Temporal UI');
    void reply
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type, x-namespace, authorization')
      .header('access-control-max-age', '600')
      .status(204)
      .send();
  });

  /** The principal of a request: its bearer token, or the signed-in browser's cookie; a reader, or refused. */
  async function reader(req: FastifyRequest): Promise<Principal> {
    const session = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!req.headers.authorization && session) req.headers.authorization = `Bearer ${session}`;
    if (!req.headers.authorization) throw new HttpError(401, 'sign in first: an API token (Authorization: Bearer) or the sign-in page\'s session');
    let who: Principal;
    try {
      who = await o.authenticate(req);
    } catch {
      throw new HttpError(401, 'the credentials prove no one (unknown, revoked or expired)');
    }
    if (!who.roles.some((r) => readers.includes(r))) throw new HttpError(403, `${who.id} may not read payloads: that takes one of the roles ${readers.join(', ')}`);
    return who;
  }

  const convert = (direction: 'encode' | 'decode') => async (req: FastifyRequest, reply: FastifyReply) => {
    await reader(req);
    const parsed = PayloadsBodySchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, `invalid request: ${formatIssues(parsed.error.issues)}`);
    const payloads = parsed.data.payloads.map(fromJson);
    // One payload that does not decrypt (a key retired too early, an altered one) is left as it is: the rest still show.
    const out = await Promise.all(payloads.map(async (p) => (await o.codec[direction]([p]).catch(() => [p]))[0]!));
    return reply.type('application/json').send({ payloads: out.map(toJson) });
  };
  // The protocol: only the last part of the path counts (`/default/decode` works too).
  app.post('/decode', convert('decode'));
  app.post('/encode', convert('encode'));
  app.post('/:namespace/decode', convert('decode'));
  app.post('/:namespace/encode', convert('encode'));

  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(signInPage({ uiUrl: o.uiUrl })));

  app.post('/sign-in', async (req, reply) => {
    if (req.headers.origin !== ownOrigin(req)) throw new HttpError(403, 'Origin: the sign-in form posts from this server\'s own page only');
    const token = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.trim() === '') {
      return reply.status(400).type('text/html; charset=utf-8').send(signInPage({ error: 'token: must not be empty', uiUrl: o.uiUrl }));
    }
    req.headers.authorization = `Bearer ${token.trim()}`;
    let who: Principal;
    try {
      who = await reader(req);
    } catch (err) {
      const e = err as HttpError;
      return reply.status(e.status ?? 401).type('text/html; charset=utf-8').send(signInPage({ error: e.message, uiUrl: o.uiUrl }));
    }
    // HttpOnly: no script reads it. SameSite=Strict: sent to this server from the UI (same site: loopback,
    // another port) but never from another site. Secure when served over TLS.
    const secure = req.protocol === 'https' ? '; Secure' : '';
    void reply.header('set-cookie', `${SESSION_COOKIE}=${encodeURIComponent(token.trim())}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_SECONDS}${secure}`);
    return reply.type('text/html; charset=utf-8').send(signedInPage(who.id, who.roles, o.uiUrl));
  });

  app.post('/sign-out', async (req, reply) => {
    if (req.headers.origin !== ownOrigin(req)) throw new HttpError(403, 'Origin: the sign-out form posts from this server\'s own page only');
    void reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
    return reply.type('text/html; charset=utf-8').send(signInPage({ uiUrl: o.uiUrl }));
  });

  return app;
}

export interface CodecServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the codec server on loopback (`npm start`); port 0 picks a free one. */
export async function startCodecServer(o: CodecServerOptions & { port: number; host?: string }): Promise<CodecServer> {
  const app = buildCodecServer(o);
  await app.listen({ port: o.port, host: o.host ?? '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://${o.host ?? '127.0.0.1'}:${port}`, close: () => app.close() };
}
