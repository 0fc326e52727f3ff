import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM sealing of short secrets at rest, under a ring of keys: values are sealed with the current
 * key and name its id, so after a rotation (a new key made current) older values still open while their
 * key is kept. Sealed form: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url); the key id is
 * authenticated too, so a value cannot be moved under another key's label.
 */
export interface SealedBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export interface KeyRing {
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

/** `what` names the values in errors ("sealed webhook secret", "sealed identity number"). */
export function keyRingBox(ring: KeyRing, what: string): SealedBox {
  for (const [id, key] of ring.keys) if (key.length !== 32) throw new Error(`${what}: key ${id} must be 32 bytes, got ${key.length}`);
  const current = ring.keys.get(ring.current);
  if (!current) throw new Error(`${what}: the current key ${ring.current} is not in the ring`);
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(ring.current));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', ring.current, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed) {
      const [v, id, iv, body, tag] = sealed.split('.');
      if (v !== 'v1' || !id || !iv || body === undefined || !tag) throw new Error(`${what}: not in the v1 form`);
      const key = ring.keys.get(id);
      if (!key) throw new Error(`${what}: sealed under key ${id}, which is not among the keys (${[...ring.keys.keys()].join(', ')})`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(id));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
