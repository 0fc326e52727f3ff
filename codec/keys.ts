import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { formatIssues } from '../schemas/errors';

/**
 * The keys that encrypt workflow payloads (PAYLOAD_KEYS_FILE). Rotation: add a key and make it
 * `current`; payloads are encrypted with the current key and name their key id, so those written
 * under an older key stay readable as long as it is kept in `keys`.
 *
 *   { "current": "2026-12", "keys": { "2026-11": "<32 bytes, base64>", "2026-12": "<…>" } }
 */
/** Shared with other rotating key files (identity/keys.ts). */
export const KeyId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be 1–64 letters, digits, ".", "_" or "-"');
export const Key = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
  .refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes (AES-256), base64');

export const PayloadKeysSchema = z
  .object({ current: KeyId, keys: z.record(KeyId, Key) })
  .strict()
  .refine((f) => f.current in f.keys, { path: ['current'], message: 'must name one of keys' });

export interface PayloadKeys {
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class PayloadKeysError extends Error {
  override name = 'PayloadKeysError';
}

/** Validates a keys file's content; a bad one names the field and the rule. */
export function parsePayloadKeys(input: unknown, source = 'PAYLOAD_KEYS_FILE'): PayloadKeys {
  const r = PayloadKeysSchema.safeParse(input);
  if (!r.success) throw new PayloadKeysError(`${source}: ${formatIssues(r.error.issues)}`);
  return { current: r.data.current, keys: new Map(Object.entries(r.data.keys).map(([id, k]) => [id, Buffer.from(k, 'base64')])) };
}

export function readPayloadKeys(file: string): PayloadKeys {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PayloadKeysError(`PAYLOAD_KEYS_FILE: cannot read ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PayloadKeysError(`PAYLOAD_KEYS_FILE (${file}): must be JSON`);
  }
  return parsePayloadKeys(json, `PAYLOAD_KEYS_FILE (${file})`);
}

/** A key id from the date, so that a listing of keys reads in the order they were made. */
export function newKeyId(existing: Record<string, string>): string {
  const day = new Date().toISOString().slice(0, 10);
  for (let n = 1; ; n++) {
    const id = n === 1 ? day : `${day}.${n}`;
    if (!(id in existing)) return id;
  }
}

export function writeKeyFile(file: string, content: { current: string; keys: Record<string, string> } & Record<string, unknown>): void {
  mkdirSync(dirname(file), { recursive: true });
  // Written whole and renamed, readable by the owner only: a reader never sees half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(content, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** Writes a keys file with one fresh key, unless one exists (`npm start`, the tests). Returns whether it wrote. */
export function ensurePayloadKeys(file: string): boolean {
  if (existsSync(file)) return false;
  writeKeyFile(file, { current: newKeyId({}), keys: { [newKeyId({})]: randomBytes(32).toString('base64') } });
  return true;
}

/** Adds a fresh key and makes it current; the old ones stay, to decrypt what they encrypted. Returns the new id. */
export function rotatePayloadKey(file: string): string {
  readPayloadKeys(file); // refuses a bad file before touching it
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { current: string; keys: Record<string, string> };
  const id = newKeyId(raw.keys);
  writeKeyFile(file, { current: id, keys: { ...raw.keys, [id]: randomBytes(32).toString('base64') } });
  return id;
}
