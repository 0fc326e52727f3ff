import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Seals the webhook signing secrets at rest (AES-256-GCM), so that a database dump or a backup alone
 * cannot sign a delivery a platform would believe. The key lives in WEBHOOK_SECRETS_KEY_FILE, never in
 * the database. Sealed form: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url); the key id (a hash of
 * the key) tells a wrong key from a tampered value.
 */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('base64url').slice(0, 8);

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error(`webhook secrets key: must be 32 bytes, got ${key.length}`);
  const keyId = keyIdOf(key);
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is authenticated too: a value cannot be moved under another key's label.
      cipher.setAAD(Buffer.from(keyId));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', keyId, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed) {
      const [v, id, iv, body, tag] = sealed.split('.');
      if (v !== 'v1' || !id || !iv || body === undefined || !tag) throw new Error('sealed webhook secret: not in the v1 form');
      if (id !== keyId) throw new Error(`sealed webhook secret: sealed under key ${id}, this key is ${keyId}`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * Writes a new random key to `path` unless one is there: for `npm start` and the test setup, which
 * make the keys of a single-machine install. Processes that serve (API, deliverer) only load it, so
 * two of them can never seal under different keys.
 */
export function ensureSecretsKey(path: string): void {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  // 'wx': two processes starting together do not overwrite each other's key.
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** Reads the key file (32 bytes, base64); a missing or malformed one is an error naming the variable. */
export function loadSecretsKey(path: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`WEBHOOK_SECRETS_KEY_FILE: cannot read ${path}: ${(err as Error).message}`);
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new Error(`WEBHOOK_SECRETS_KEY_FILE: ${path} must hold 32 bytes in base64, found ${key.length}`);
  return key;
}
