import { NativeConnection, Worker } from '@temporalio/worker';
import { bareActivities } from './bare-activities';

/**
 * A worker process for the bare workflow, the counterpart of workers/main.ts: same SDK defaults, the
 * workflows bundled at start. Reads TEMPORAL_ADDRESS and TEMPORAL_TASK_QUEUE; SIGTERM drains it.
 */
async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS;
  const taskQueue = process.env.TEMPORAL_TASK_QUEUE;
  if (!address || !taskQueue) throw new Error('TEMPORAL_ADDRESS and TEMPORAL_TASK_QUEUE are required');
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities: bareActivities,
  });
  console.log(`worker polling task queue "${taskQueue}" on ${address} (bare workflow)`);
  try {
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
