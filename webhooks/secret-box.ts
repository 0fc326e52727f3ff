import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { keyRingBox, type SealedBox } from '../security/sealed-box';

/**
 * Seals the webhook signing secrets at rest (AES-256-GCM), so that a database dump or a backup alone
 * cannot sign a delivery a platform would believe. The key lives in WEBHOOK_SECRETS_KEY_FILE, never in
 * the database (security/sealed-box.ts has the form).
 */
export type SecretBox = SealedBox;

const keyIdOf = (key: Buffer) => createHash('sha256').update(key).digest('base64url').slice(0, 8);

/** One key, its id a hash of it: a wrong key is told from a tampered value. */
export function secretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error(`webhook secrets key: must be 32 bytes, got ${key.length}`);
  const keyId = keyIdOf(key);
  return keyRingBox({ current: keyId, keys: new Map([[keyId, key]]) }, 'sealed webhook secret');
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
