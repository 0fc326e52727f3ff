import type { Client } from '@temporalio/client';
import type { Policy } from '../policy/policy';
import type { Db } from '../store/db';

/** What the platform-facing services need: a Temporal client, the store, the policy and the task queue. */
export interface ServiceDeps {
  client: Client;
  db: Db;
  policy: Policy;
  taskQueue: string;
}
