import { createHmac, randomBytes } from 'node:crypto';

/** The headers a delivery carries (docs/WEBHOOKS.md). */
export const SIGNATURE_HEADER = 'webhook-signature';
export const ID_HEADER = 'webhook-id';

/** A new signing secret for a subscription: shown once to the subscriber, then only kept sealed. */
export const newWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/** HMAC-SHA256 over `<t>.<body>`, hex: the timestamp is signed so a captured delivery cannot be replayed later. */
export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** `t=<unix seconds>,v1=<hex>`. */
export function signatureHeader(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  return `t=${t},v1=${signatureOf(secret, t, body)}`;
}
