import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { Key, KeyId, newKeyId, writeKeyFile } from '../codec/keys';
import { readKeyFile } from '../security/key-file';
import type { KeyRing } from '../security/sealed-box';

/**
 * IDENTITY_KEYS_FILE: the keys that keep identity numbers and phone numbers out of the store in clear.
 *  - keys/current: AES-256 keys sealing the copies (rotation as for payload keys: add one, make it current).
 *  - lookup: the HMAC-SHA256 key of the lookup hashes. It does not rotate: every stored hash would have
 *    to be recomputed from the sealed copies first (a maintenance job, not a config change).
 *
 *   { "current": "2026-12-01", "keys": { "2026-12-01": "<32 bytes, base64>" }, "lookup": "<32 bytes, base64>" }
 */
export const IdentityKeysSchema = z
  .strictObject({ current: KeyId, keys: z.record(KeyId, Key), lookup: Key })
  .refine((f) => f.current in f.keys, { path: ['current'], message: 'must name one of keys' });

export interface IdentityKeys {
  sealing: KeyRing;
  lookup: Buffer;
}

export function parseIdentityKeys(input: z.input<typeof IdentityKeysSchema>): IdentityKeys {
  const f = IdentityKeysSchema.parse(input);
  return {
    sealing: { current: f.current, keys: new Map(Object.entries(f.keys).map(([id, k]) => [id, Buffer.from(k, 'base64')])) },
    lookup: Buffer.from(f.lookup, 'base64'),
  };
}

export function readIdentityKeys(file: string): IdentityKeys {
  return parseIdentityKeys(readKeyFile(file, 'IDENTITY_KEYS_FILE', IdentityKeysSchema));
}

/** Writes a keys file with fresh keys unless one exists (`npm start`, the tests). Returns whether it wrote. */
export function ensureIdentityKeys(file: string): boolean {
  if (existsSync(file)) return false;
  const id = newKeyId({});
  writeKeyFile(file, { current: id, keys: { [id]: randomBytes(32).toString('base64') }, lookup: randomBytes(32).toString('base64') });
  return true;
}

/** Adds a fresh sealing key and makes it current; the lookup key stays. Returns the new id. */
export function rotateIdentitySealingKey(file: string): string {
  readIdentityKeys(file);
  const raw = JSON.parse(readFileSync(file, 'utf8')) as z.output<typeof IdentityKeysSchema>;
  const id = newKeyId(raw.keys);
  writeKeyFile(file, { ...raw, current: id, keys: { ...raw.keys, [id]: randomBytes(32).toString('base64') } });
  return id;
}
