import type { Client } from '@temporalio/client';
import type { ActionSigner } from '../security/action-signer';
import type { Db } from '../store/db';

/**
 * What the platform-facing services need: a Temporal client, the store, the task queue and the key that
 * seals actions. Not the policy: cases take their terms from the policy the workers run with.
 */
export interface ServiceDeps {
  client: Client;
  db: Db;
  taskQueue: string;
  signer: ActionSigner;
}
