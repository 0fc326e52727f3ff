import type { Payload, PayloadCodec } from '@temporalio/common';

const isPayload = (v: unknown): v is Payload =>
  typeof v === 'object' && v !== null && 'metadata' in v && 'data' in v && typeof (v as Payload).metadata === 'object' && (v as Payload).data instanceof Uint8Array;

/**
 * Decodes, in place, every payload anywhere in a message from the server (a history, a describe
 * answer): what the SDK does for the values it hands to code, for tools that read raw messages.
 */
export async function decodeAllPayloads<T>(codec: PayloadCodec, message: T): Promise<T> {
  const visit = async (node: unknown): Promise<unknown> => {
    if (isPayload(node)) return (await codec.decode([node]))[0];
    if (node instanceof Uint8Array || typeof node !== 'object' || node === null) return node;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = await visit(node[i]);
      return node;
    }
    for (const [k, v] of Object.entries(node)) (node as Record<string, unknown>)[k] = await visit(v);
    return node;
  };
  return (await visit(message)) as T;
}
