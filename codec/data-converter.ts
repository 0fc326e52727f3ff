import type { DataConverter } from '@temporalio/common';
import { readPayloadKeys, type PayloadKeys } from './keys';
import { EncryptionCodec } from './payload-codec';

// Imported, not only resolved, so that `npm run build` compiles it into dist/ beside this file.
export { failureConverter } from './failure-converter';

/** The module the workflow bundle and the worker load the failure converter from. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The one data converter of every client and worker: payloads encrypted (codec/payload-codec.ts),
 * failure messages encoded so that they are encrypted too (codec/failure-converter.ts).
 */
export function dataConverter(keys: PayloadKeys | string): DataConverter {
  const k = typeof keys === 'string' ? readPayloadKeys(keys) : keys;
  return { payloadCodecs: [new EncryptionCodec(k)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
