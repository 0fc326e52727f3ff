import type { Payload } from '@temporalio/common';
import { z } from 'zod';

/**
 * Temporal's codec-server protocol: POST /encode and /decode take and answer `{ payloads: [...] }`,
 * each payload in protobuf JSON (metadata values and data in base64).
 */
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
export const PayloadsBodySchema = z.object({
  payloads: z
    .array(z.object({ metadata: z.record(z.string(), Base64).optional(), data: Base64.optional() }), 'must be a list of payloads')
    .max(1000, 'at most 1000 payloads in one request'),
});
export type PayloadsBody = z.output<typeof PayloadsBodySchema>;
export type JsonPayload = PayloadsBody['payloads'][number];

export function fromJson(p: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
  };
}

export function toJson(p: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
  };
}
