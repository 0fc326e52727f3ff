import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The Ed25519 key that signs record checkpoints (CHECKPOINT_SIGNING_KEY_FILE): a PKCS#8 PEM, as
 * `openssl genpkey -algorithm ed25519` writes it, so a DBA can make or keep it with standard tools.
 * Its public half (SPKI PEM) is what an auditor needs to check a checkpoint offline.
 */
export interface CheckpointSigningKey {
  keyId: string;
  privateKey: KeyObject;
  publicKeyPem: string;
}

export interface CheckpointPublicKey {
  keyId: string;
  publicKey: KeyObject;
  publicKeyPem: string;
}

/** A short, stable name for a public key: the first 16 hex digits of SHA-256 over its SPKI DER. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** Writes a new key to `file` (mode 0600) unless one is there; `npm start` and the tests call it. */
export function ensureCheckpointSigningKey(file: string): { created: boolean } {
  if (existsSync(file)) return { created: false };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return { created: true };
}

/** Reads the signing key; a missing or wrong file is an error naming the variable. */
export function readCheckpointSigningKey(file: string): CheckpointSigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(file));
  } catch (err) {
    throw new Error(`CHECKPOINT_SIGNING_KEY_FILE: cannot read ${file} as a PEM private key: ${(err as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`CHECKPOINT_SIGNING_KEY_FILE: ${file} holds a ${privateKey.asymmetricKeyType} key; it must be Ed25519`);
  }
  const publicKey = createPublicKey(privateKey);
  return { keyId: keyIdOf(publicKey), privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Reads a public key (SPKI PEM), as exported beside the checkpoints. */
export function parseCheckpointPublicKey(pem: string, source = 'the public key'): CheckpointPublicKey {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(pem);
  } catch (err) {
    throw new Error(`${source}: not a PEM public key: ${(err as Error).message}`);
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error(`${source}: a ${publicKey.asymmetricKeyType} key; it must be Ed25519`);
  return { keyId: keyIdOf(publicKey), publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export function readCheckpointPublicKey(file: string): CheckpointPublicKey {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`--public-key: cannot read ${file}: ${(err as Error).message}`);
  }
  return parseCheckpointPublicKey(pem, `--public-key ${file}`);
}
