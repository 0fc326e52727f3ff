import { createHmac } from 'node:crypto';
import { keyRingBox } from '../security/sealed-box';
import type { IdentityKeys } from './keys';

/** What a hash is of: the same value under two kinds gives two unrelated hashes. */
export type HashKind = 'resident_id' | 'credit_code' | 'phone' | 'name' | 'certificate';

/**
 * How identity numbers, phone numbers and registered names are kept: a keyed hash to find and compare
 * them (an unkeyed SHA-256 of an 18-digit ID number is brute-forced in minutes: a few billion plausible
 * numbers), and a sealed copy to read them back when the law asks. The keys stay outside the database.
 */
export interface IdentityVault {
  /** HMAC-SHA256 under the lookup key, hex. Give it normalised values (identity/normalise.ts). */
  hash(kind: HashKind, value: string): string;
  seal(value: string): string;
  open(sealed: string): string;
}

export function identityVault(keys: IdentityKeys): IdentityVault {
  if (keys.lookup.length !== 32) throw new Error(`identity lookup key: must be 32 bytes, got ${keys.lookup.length}`);
  const box = keyRingBox(keys.sealing, 'sealed identity value');
  return {
    hash: (kind, value) => createHmac('sha256', keys.lookup).update(`${kind}\u0000${value}`).digest('hex'),
    seal: (value) => box.seal(value),
    open: (sealed) => box.open(sealed),
  };
}
