import { Worker, type ActivityInterceptorsFactory, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { heartbeatWhileRunning } from './heartbeat';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** A prebuilt bundle (tests build it once); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkflowBundle;
  identity?: string;
  /** Extra activity interceptors, after the heartbeat (fault tests use one to stop mid-activity). */
  activityInterceptors?: ActivityInterceptorsFactory[];
}

export const WORKFLOWS_PATH = require.resolve('../workflows');

/** The one worker of the product: every workflow and every activity on one task queue. */
export function createWorker(o: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: o.connection,
    namespace: o.namespace,
    taskQueue: o.taskQueue,
    ...(o.identity ? { identity: o.identity } : {}),
    activities: createActivities(o.deps),
    interceptors: { activity: [heartbeatWhileRunning, ...(o.activityInterceptors ?? [])] },
    ...(o.workflowBundle ? { workflowBundle: o.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
