import * as ed from '@noble/ed25519';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';

/**
 * The seal on a case action: who acts (and through which service), on which case, which action, under
 * which request id, when, and a digest of the input, signed with Ed25519 by the API's key. Cases verify
 * it in their update validators, so this module is pure and deterministic (pure-JavaScript noble, no
 * Node built-ins): it runs in the workflow sandbox as well as in Node.
 */

// noble's Ed25519 needs a SHA-512; the pure one keeps it usable in the sandbox (no WebCrypto there).
ed.hashes.sha512 = sha512;

export const SEAL_VERSION = 1;

const Id = z.string().min(1).max(200);
const Hex = (bytes: number) => z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `must be ${bytes} bytes in lowercase hex`);

/** What the signature covers. */
export const SealClaimsSchema = z.strictObject({
  v: z.literal(SEAL_VERSION),
  keyId: Id,
  /** The roster id acting, or `holder:<accountId>` for the account holder's own actions. */
  actor: Id,
  /** The platform service that sent a holder's action on their behalf. */
  via: Id.optional(),
  workflowId: Id,
  /** The update's name. */
  action: Id,
  /** The update id: Temporal runs an update id once, and the case refuses a seal used before. */
  requestId: Id,
  issuedAt: z.iso.datetime(),
  /** sha256 of the canonical JSON of the update's input, hex. */
  digest: Hex(32),
});
export type SealClaims = z.output<typeof SealClaimsSchema>;

export const ActionSealSchema = SealClaimsSchema.extend({ signature: Hex(64) });
export type ActionSeal = z.output<typeof ActionSealSchema>;

/** Key id → Ed25519 public key (32 bytes, hex): the keys a case trusts. Several during a rotation. */
export type TrustedKeys = Record<string, string>;

/**
 * JSON with object keys sorted, so that signer and verifier hash the same bytes whatever order the
 * fields travelled in. Undefined fields are left out, as JSON.stringify (and so Temporal's payloads) does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** The digest a seal carries of an action's input. */
export const inputDigest = (input: unknown): string => bytesToHex(sha256(utf8ToBytes(canonicalJson(input))));

const claimBytes = (c: SealClaims): Uint8Array => utf8ToBytes(canonicalJson(c));

/** Signs the claims with an Ed25519 secret key (32 bytes). */
export function signClaims(claims: SealClaims, secretKey: Uint8Array): ActionSeal {
  return { ...claims, signature: bytesToHex(ed.sign(claimBytes(claims), secretKey)) };
}

/** The Ed25519 public key (hex) of a secret key. */
export const publicKeyOf = (secretKey: Uint8Array): string => bytesToHex(ed.getPublicKey(secretKey));

/** How old a seal may be, and how far ahead of the case's clock (clock skew between API and workers). */
export interface SealLimits {
  maxAgeMs: number;
  maxSkewMs: number;
}

export interface SealExpectation {
  keys: TrustedKeys;
  workflowId: string;
  action: string;
  /** The id of the update carrying the seal; for an opening, the case reference. */
  updateId: string;
  /** The update's input, as the case received it. */
  input: unknown;
  /** The case's clock (workflow time). */
  now: number;
  limits: SealLimits;
  /** Whether this case has accepted an action with that request id before. */
  used(requestId: string): boolean;
  /** What the seal is on, for the messages: 'action' (an update), or 'opening' (the case's start). */
  noun?: 'action' | 'opening';
}

const minutes = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);

/**
 * Why the case must refuse an action with this seal, or undefined when the seal holds. The signature is
 * checked before anything it covers is believed.
 */
export function verifySeal(raw: unknown, x: SealExpectation): string | undefined {
  const noun = x.noun ?? 'action';
  if (raw === undefined || raw === null) return `unsigned ${noun} refused`;
  const parsed = ActionSealSchema.safeParse(raw);
  if (!parsed.success) return `unsigned ${noun} refused: the seal is malformed (${parsed.error.issues.map((i) => `${i.path.join('.') || 'seal'}: ${i.message}`).join('; ')})`;
  const { signature, ...claims } = parsed.data;
  const key = x.keys[claims.keyId];
  if (!key) return `signature key ${claims.keyId} is not trusted by this case (trusted: ${Object.keys(x.keys).join(', ') || 'none'})`;
  let valid = false;
  try {
    valid = ed.verify(hexToBytes(signature), claimBytes(claims), hexToBytes(key));
  } catch {
    valid = false;
  }
  if (!valid) return `signature does not verify for key ${claims.keyId}`;
  if (claims.workflowId !== x.workflowId) return `the seal is for case ${claims.workflowId}, not this one (${x.workflowId})`;
  if (claims.action !== x.action) return `the seal is for ${claims.action}, not ${x.action}`;
  if (claims.digest !== inputDigest(x.input)) return 'the input is not the one the seal was issued for';
  if (x.used(claims.requestId)) return `request ${claims.requestId} already used in this case`;
  if (claims.requestId !== x.updateId) {
    return `request ${claims.requestId} was sealed for another ${noun === 'opening' ? 'case reference' : 'update id'} (this is ${x.updateId})`;
  }
  const issued = Date.parse(claims.issuedAt);
  if (x.now - issued > x.limits.maxAgeMs) return `${noun} expired (issued ${claims.issuedAt}, limit ${minutes(x.limits.maxAgeMs)})`;
  if (issued - x.now > x.limits.maxSkewMs) return `${noun} issued in the future (${claims.issuedAt}; the case's clock allows ${minutes(x.limits.maxSkewMs)} ahead)`;
  return undefined;
}
