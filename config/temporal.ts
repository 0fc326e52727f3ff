import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { dataConverter } from '../codec/data-converter';
import type { Config } from './env';

function connectionOptions(c: Config['temporal']) {
  return { address: c.address, tls: c.tls === true ? {} : c.tls, apiKey: c.apiKey };
}

/** A client for platform services, the CLI and tests; its payloads are encrypted with PAYLOAD_KEYS_FILE's keys. */
export async function connectClient(c: Config['temporal']): Promise<Client> {
  const converter = dataConverter(c.payloadKeysFile);
  const connection = await Connection.connect(connectionOptions(c));
  return new Client({ connection, namespace: c.namespace, dataConverter: converter });
}

/** The connection a worker polls on (its data converter is the worker's: workers/create-worker.ts). */
export function connectWorker(c: Config['temporal']): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(c));
}
