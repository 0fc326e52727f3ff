import { sign, verify } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../store/records';
import type { CheckpointPublicKey, CheckpointSigningKey } from './keys';

/**
 * A checkpoint: the head of the record chain at one moment, signed. Anyone holding the public key
 * and a checkpoint can tell later whether the records up to `headSeq` are still those it saw: the
 * head's hash covers every record before it.
 */
export const CheckpointSchema = z.strictObject({
  /** The format; the signature covers it, so a later format cannot be passed off as this one. */
  v: z.literal(1),
  /** The last record covered, as a decimal string (bigint); "0" when there were none. */
  headSeq: z.string().regex(/^\d+$/, 'must be a decimal sequence number'),
  /** That record's hash (the genesis hash when none). */
  headHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  /** How many records have seq <= headSeq (seqs have gaps: a rolled-back insert uses one up). */
  count: z.string().regex(/^\d+$/, 'must be a decimal count'),
  /** When it was made (ISO 8601, UTC). */
  at: z.iso.datetime(),
  /** keyIdOf() the signer's public key. */
  keyId: z.string().regex(/^[0-9a-f]{16}$/, 'must be 16 hex digits'),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

export const SignedCheckpointSchema = CheckpointSchema.extend({
  /** Ed25519 over signedBytes(checkpoint), base64. */
  signature: z.base64().min(1),
});
export type SignedCheckpoint = z.infer<typeof SignedCheckpointSchema>;

/** What is signed: the checkpoint's fields as canonical JSON (sorted keys, no spaces), UTF-8. */
export function signedBytes(c: Checkpoint): Buffer {
  const { v, headSeq, headHash, count, at, keyId } = c;
  return Buffer.from(canonicalJson({ v, headSeq, headHash, count, at, keyId }), 'utf8');
}

export function signCheckpoint(c: Omit<Checkpoint, 'keyId' | 'v'>, key: CheckpointSigningKey): SignedCheckpoint {
  const checkpoint: Checkpoint = { v: 1, ...c, keyId: key.keyId };
  return { ...checkpoint, signature: sign(null, signedBytes(checkpoint), key.privateKey).toString('base64') };
}

/** Why the checkpoint's signature does not hold under `key`, or undefined when it does. */
export function signatureProblem(c: SignedCheckpoint, key: CheckpointPublicKey): string | undefined {
  if (c.keyId !== key.keyId) return `signed by key ${c.keyId}, not by the given public key (${key.keyId})`;
  const ok = verify(null, signedBytes(c), key.publicKey, Buffer.from(c.signature, 'base64'));
  return ok ? undefined : 'the signature does not match its contents';
}

/** Parses a checkpoint file's text; a wrong one is an error naming the field and the rule. */
export function parseCheckpoint(text: string, source: string): SignedCheckpoint {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${source}: not JSON: ${(err as Error).message}`);
  }
  const r = SignedCheckpointSchema.safeParse(raw);
  if (!r.success) throw new Error(`${source}: ${r.error.issues.map((i) => `${i.path.join('.') || '(checkpoint)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

/** The file name a checkpoint is written under: sortable by time, unique per head. */
export function checkpointFileName(c: Checkpoint): string {
  return `checkpoint-${c.at.replace(/[:.]/g, '-')}-seq${c.headSeq}.json`;
}

export const PUBLIC_KEY_FILE = 'checkpoint-public-key.pem';
