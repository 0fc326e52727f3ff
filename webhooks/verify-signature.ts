import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * For the receiving platform: checks a delivery's `Webhook-Signature` against the raw body, as
 * received (before any JSON parsing: re-serialising changes bytes). Depends on node:crypto only, so a
 * platform can copy this file as it is.
 *
 *   const r = verifyWebhookSignature({ secret, header: req.headers['webhook-signature'], body: rawBody });
 *   if (!r.ok) return reply.code(400).send(r.reason);
 *
 * Several `v1=` entries may appear (a secret being rotated); one match is enough.
 */
export interface VerifyInput {
  secret: string;
  header: string | string[] | undefined;
  body: string | Buffer;
  /** How far the signed time may be from now, either way, in seconds. Default 300. */
  toleranceSeconds?: number;
  now?: Date;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

export function verifyWebhookSignature(input: VerifyInput): VerifyResult {
  const header = Array.isArray(input.header) ? input.header[0] : input.header;
  if (!header) return { ok: false, reason: 'Webhook-Signature: missing' };
  const parts = header.split(',').map((p) => p.trim().split('='));
  const t = parts.find(([k]) => k === 't')?.[1];
  const signatures = parts.filter(([k, v]) => k === 'v1' && v).map(([, v]) => v!);
  if (!t || !/^\d+$/.test(t)) return { ok: false, reason: 'Webhook-Signature: t=<unix seconds> missing or not a number' };
  if (signatures.length === 0) return { ok: false, reason: 'Webhook-Signature: no v1= signature' };
  const timestamp = Number(t);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? 300;
  if (Math.abs(now - timestamp) > tolerance) {
    return { ok: false, reason: `Webhook-Signature: signed at ${timestamp}, more than ${tolerance}s from now (${now})` };
  }
  const expected = createHmac('sha256', input.secret).update(`${t}.`).update(input.body).digest();
  const match = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { ok: true, timestamp } : { ok: false, reason: 'Webhook-Signature: no v1 signature matches the body' };
}
