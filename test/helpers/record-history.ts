import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { decodeAllPayloads } from '../../codec/decode-payloads';
import { readPayloadKeys } from '../../codec/keys';
import { EncryptionCodec } from '../../codec/payload-codec';

export const HISTORIES_DIR = join(__dirname, '..', 'replay', 'histories');

/**
 * With RECORD_HISTORIES=1, saves a finished case's history for the replay test, which replays every
 * saved history against the current workflow code (a change that would break running cases fails).
 * Recorded histories are kept: new paths are added, old ones stay as proof for cases still in flight.
 * They are saved decrypted (test data, no real person's), as the run's payload keys die with the run.
 */
export async function recordHistory(client: Client, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const codec = new EncryptionCodec(readPayloadKeys(process.env.PAYLOAD_KEYS_FILE!));
  const history = await decodeAllPayloads(codec, await client.workflow.getHandle(workflowId).fetchHistory());
  writeFileSync(join(HISTORIES_DIR, `${name}.json`), historyToJSON(history));
}
