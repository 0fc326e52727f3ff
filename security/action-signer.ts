import { randomUUID } from 'node:crypto';
import { hexToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { readKeyFile } from './key-file';
import { inputDigest, SEAL_VERSION, signClaims, type ActionSeal } from './action-seal';

/**
 * The API side of signed actions: seals each action with the private key that only the API (and the
 * services it runs) can read. Someone with access to the Temporal namespace alone cannot make a seal.
 */
export interface ActionSigner {
  readonly keyId: string;
  /** Seals one action; `requestId` becomes the update's id. */
  seal(a: { actor: string; via?: string; workflowId: string; action: string; requestId: string; input: unknown }): Promise<ActionSeal>;
}

/** ACTION_SIGNING_KEY_FILE: `{ "keyId": "k1", "privateKey": "<32 bytes, hex>" }`. */
export const SigningKeyFileSchema = z.strictObject({
  keyId: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 letters, digits, "_", "." or "-"'),
  privateKey: z.string().regex(/^[0-9a-f]{64}$/, 'must be 32 bytes in lowercase hex'),
});
export type SigningKeyFile = z.output<typeof SigningKeyFileSchema>;

/**
 * A signer with the key. `clock` dates the seals: the machine's, except in tests on the time-skipping
 * server, whose cases live in its skipped time.
 */
export function createActionSigner(key: SigningKeyFile, clock: () => number | Promise<number> = Date.now): ActionSigner {
  const secret = hexToBytes(key.privateKey);
  return {
    keyId: key.keyId,
    seal: async ({ input, ...a }) =>
      signClaims(
        {
          v: SEAL_VERSION,
          keyId: key.keyId,
          actor: a.actor,
          ...(a.via ? { via: a.via } : {}),
          workflowId: a.workflowId,
          action: a.action,
          requestId: a.requestId,
          issuedAt: new Date(await clock()).toISOString(),
          digest: inputDigest(input),
        },
        secret,
      ),
  };
}

/** Reads the signing key file; a missing or malformed one is an error naming the variable. */
export function loadActionSigner(file: string, variable = 'ACTION_SIGNING_KEY_FILE', clock?: () => number | Promise<number>): ActionSigner {
  return createActionSigner(readKeyFile(file, variable, SigningKeyFileSchema), clock);
}

/** A request id for an action whose caller gave none. */
export const newRequestId = (): string => randomUUID();
