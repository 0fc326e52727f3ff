import { z } from 'zod';
import { type IdentityClaim, type IdentityVerifier, type VerifyOutcome } from './verifier';

/**
 * An identity provider over HTTP (IDENTITY_VERIFIER=http). The contract (docs/IDENTITY.md):
 *   POST <IDENTITY_VERIFIER_URL>   Authorization: Bearer <token>   {"kind","number","name","phone"}
 *   200 {"ok":true} | 200 {"ok":false,"code":"unknown_number"|"name_mismatch"|"phone_mismatch"|"rejected","reason":"…"}
 * Anything else (a 4xx, a 5xx, a timeout, an answer that does not parse) is `unavailable`: it says
 * nothing about the claim, and the caller may try again. The claim is never logged, nor put in an error.
 */
const AnswerSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.enum(['unknown_number', 'name_mismatch', 'phone_mismatch', 'rejected']), reason: z.string().max(500) }),
]);

export interface HttpVerifierOptions {
  url: string;
  token: string;
  timeoutMs: number;
}

const unavailable = (reason: string): VerifyOutcome => ({ ok: false, code: 'unavailable', reason: `实名核验服务暂不可用 (${reason}): try again later` });

export function httpVerifier(opts: HttpVerifierOptions): IdentityVerifier {
  return {
    source: 'http',
    async verify(claim: IdentityClaim) {
      let res: Response;
      try {
        res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` },
          body: JSON.stringify({ kind: claim.kind, number: claim.number, name: claim.name, phone: claim.phone }),
          signal: AbortSignal.timeout(opts.timeoutMs),
          redirect: 'error',
        });
      } catch (err) {
        const timedOut = (err as Error).name === 'TimeoutError';
        // Only the error's kind: a fetch error's message never holds the body, but a cause might hold the URL's secrets.
        return unavailable(timedOut ? `no answer within ${opts.timeoutMs} ms` : 'the provider could not be reached');
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        return unavailable(`the provider answered HTTP ${res.status}`);
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return unavailable('the provider answered something other than JSON');
      }
      const parsed = AnswerSchema.safeParse(body);
      if (!parsed.success) return unavailable('the provider answered outside the contract');
      return parsed.data;
    },
  };
}
