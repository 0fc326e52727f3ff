import { Worker, type ActivityInterceptorsFactory, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { dataConverter } from '../codec/data-converter';
import type { PayloadKeys } from '../codec/keys';
import { bundleAtStart } from './bundle';
import { heartbeatWhileRunning } from './heartbeat';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** The keys payloads are encrypted with (config `temporal.payloadKeysFile`), or the file's path. */
  payloadKeys: PayloadKeys | string;
  /** A prebuilt bundle (tests build it once); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundle;
  identity?: string;
  /** Workflows kept in memory between tasks (config WORKER_MAX_CACHED_WORKFLOWS); the SDK's default when unset. */
  maxCachedWorkflows?: number;
  /** Extra activity interceptors, after the heartbeat (fault tests use one to stop mid-activity). */
  activityInterceptors?: ActivityInterceptorsFactory[];
}

/** The one worker of the product: every workflow and every activity on one task queue. */
export function createWorker(o: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    ...(o.identity ? { identity: o.identity } : {}),
    ...(o.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: o.maxCachedWorkflows } : {}),
    // Payloads encrypted, failure messages too; the bundle is built with the same failure converter (workers/bundle.ts).
    dataConverter: dataConverter(o.payloadKeys),
    activities: createActivities(o.deps),
    interceptors: { activity: [heartbeatWhileRunning, ...(o.activityInterceptors ?? [])] },
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : bundleAtStart()),
  });
}
