import { ID_HEADER, SIGNATURE_HEADER, signatureHeader } from './signature';

/** What one POST of one event came to. Only a 2xx acknowledges. */
export type PostOutcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

/**
 * POSTs an event's body to the receiver, signed. A redirect is not followed (nor taken as an
 * acknowledgement): the subscription's URL is the one the platform registered. The response body is
 * not read beyond its first bytes and never logged.
 */
export async function postEvent(
  url: string,
  secret: string,
  event: { id: string; body: string },
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<PostOutcome> {
  const signal = opts.signal ? AbortSignal.any([opts.signal, AbortSignal.timeout(opts.timeoutMs)]) : AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'compliance-measures-webhook/1',
        [ID_HEADER]: event.id,
        [SIGNATURE_HEADER]: signatureHeader(secret, event.body),
      },
      body: event.body,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
    return { ok: false, status: res.status, error: `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no response within ${opts.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, status: null, error: why };
  }
}
