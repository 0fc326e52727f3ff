import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { publicKeyOf, type TrustedKeys } from './action-seal';
import type { SigningKeyFile } from './action-signer';
import { readKeyFile } from './key-file';

/**
 * The action-signing key pair's files. The private key (ACTION_SIGNING_KEY_FILE) is for the API alone;
 * workers get only the public keys (ACTION_VERIFY_KEYS_FILE), several during a rotation.
 */

/** ACTION_VERIFY_KEYS_FILE: `{ "<keyId>": "<Ed25519 public key, 32 bytes hex>", ... }`. */
export const VerifyKeysFileSchema = z.record(
  z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'key ids must be 1–64 letters, digits, "_", "." or "-"'),
  z.string().regex(/^[0-9a-f]{64}$/, 'must be an Ed25519 public key: 32 bytes in lowercase hex'),
);

export function loadVerifyKeys(file: string, variable = 'ACTION_VERIFY_KEYS_FILE'): TrustedKeys {
  const keys = readKeyFile(file, variable, VerifyKeysFileSchema);
  if (Object.keys(keys).length === 0) throw new Error(`${variable} (${file}): names no key`);
  return keys;
}

/** A new signing key (random), with its id. */
export function newSigningKey(keyId: string): SigningKeyFile {
  return { keyId, privateKey: randomBytes(32).toString('hex') };
}

export const DEFAULT_ACTION_KEY_FILES = (keysDir: string) => ({
  signingKeyFile: join(keysDir, 'action-signing-key.json'),
  verifyKeysFile: join(keysDir, 'action-verify-keys.json'),
});

/**
 * Writes a signing key and its public key when the signing key file is absent (`npm start`, the test
 * setup); an existing pair is left as it is. The private key file is readable by its owner only.
 */
export function ensureActionKeys(files: { signingKeyFile: string; verifyKeysFile: string }, keyId = 'k1'): { created: boolean } {
  if (existsSync(files.signingKeyFile)) return { created: false };
  const key = newSigningKey(keyId);
  mkdirSync(dirname(files.signingKeyFile), { recursive: true, mode: 0o700 });
  mkdirSync(dirname(files.verifyKeysFile), { recursive: true });
  writeFileSync(files.signingKeyFile, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  const trusted = existsSync(files.verifyKeysFile) ? loadVerifyKeys(files.verifyKeysFile) : {};
  writeFileSync(files.verifyKeysFile, `${JSON.stringify({ ...trusted, [keyId]: publicKeyOf(Buffer.from(key.privateKey, 'hex')) }, null, 2)}\n`);
  return { created: true };
}

/**
 * Key rotation, step one: a new signing key replaces the old one, and its public key joins the trusted
 * ones (the old stays trusted, so actions sealed a moment ago still verify). Workers restarted with the
 * file, and open cases told to re-read it (the rosterChanged signal), trust both; the old public key
 * is removed from the file once no seal made with it can still be in flight (after the seal age limit).
 */
export function rotateActionKey(files: { signingKeyFile: string; verifyKeysFile: string }, keyId: string): SigningKeyFile {
  const trusted = loadVerifyKeys(files.verifyKeysFile);
  if (trusted[keyId]) throw new Error(`key id ${keyId} is in use already: choose a new one`);
  const key = newSigningKey(keyId);
  writeFileSync(files.verifyKeysFile, `${JSON.stringify({ ...trusted, [keyId]: publicKeyOf(Buffer.from(key.privateKey, 'hex')) }, null, 2)}\n`);
  writeFileSync(files.signingKeyFile, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  return key;
}
