import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What every local web page of `npm start` (mail viewer, codec server) does before answering.
 *
 * Host check: a page on 127.0.0.1 is still reachable from a web page elsewhere through DNS rebinding
 * (evil.example resolving to 127.0.0.1 a moment later); the browser then sends `Host: evil.example`.
 * Only the loopback names with the page's own port are answered.
 */
export function loopbackHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

/** nosniff, and a policy that lets a page load nothing but its own inline styles, and be framed by nobody. */
export const LOCAL_PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  // Not no-referrer: with it a browser sends "Origin: null" on a form's POST, and the sign-in form is checked by its origin.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
} as const;

/**
 * Sets the headers, and answers 421 to a request for another host. Returns whether the request may go
 * on. The port is the server's own (it may have been given as 0 and chosen by the system).
 */
export function guardLocalRequest(req: IncomingMessage, res: ServerResponse, port: number): boolean {
  for (const [k, v] of Object.entries(LOCAL_PAGE_HEADERS)) res.setHeader(k, v);
  const host = (req.headers.host ?? '').toLowerCase();
  if (loopbackHosts(port).has(host)) return true;
  res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`Host: must be one of ${[...loopbackHosts(port)].join(', ')} (this page answers on loopback only)\n`);
  return false;
}
