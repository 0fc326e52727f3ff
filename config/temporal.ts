import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from './env';

function connectionOptions(c: Config['temporal']) {
  return { address: c.address, tls: c.tls === true ? {} : c.tls, apiKey: c.apiKey };
}

/** A client for platform services, the CLI and tests. */
export async function connectClient(c: Config['temporal']): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(c));
  return new Client({ connection, namespace: c.namespace });
}

/** The connection a worker polls on. */
export function connectWorker(c: Config['temporal']): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(c));
}
