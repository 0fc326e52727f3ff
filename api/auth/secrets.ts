import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API token format: "pac_<id>_<secret>". The id (10 base32 characters) is public: it names the token in
 * lists, records and revocations. The secret (32 random bytes, base64url) is shown once and kept only
 * as its SHA-256: high entropy makes a slow hash unnecessary, and a leaked table opens nothing.
 */
const PREFIX = 'pac';
const ID_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const TOKEN = /^pac_([a-z2-9]{10})_([A-Za-z0-9_-]{43})$/;

export function newTokenSecret(): { id: string; token: string; secretHash: string } {
  const id = [...randomBytes(10)].map((b) => ID_ALPHABET[b % ID_ALPHABET.length]).join('');
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${PREFIX}_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** The id and secret of a presented token, or undefined when it is not one of ours. */
export function parseToken(presented: string): { id: string; secret: string } | undefined {
  const m = TOKEN.exec(presented);
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

export const looksLikeApiToken = (presented: string) => presented.startsWith(`${PREFIX}_`);

/** Compares in constant time, so the response time tells nothing of how much of a guess was right. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
