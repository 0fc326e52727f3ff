import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

/** One Schedule per namespace: checkpoints cover the whole chain, whatever the task queue. */
export const CHECKPOINT_SCHEDULE_ID = 'records-checkpoint';

/**
 * Creates the Schedule that runs the recordsCheckpoint workflow every `everyMs`, or brings an existing
 * one to this interval and task queue: every worker with a signing key calls it at start, so it is
 * idempotent. Runs never overlap; one missed while the cluster was down is made up within an hour.
 */
export async function ensureCheckpointSchedule(client: Client, o: { taskQueue: string; everyMs: number }): Promise<'created' | 'updated'> {
  const spec = { intervals: [{ every: o.everyMs }] };
  const action = { type: 'startWorkflow' as const, workflowType: 'recordsCheckpoint', workflowId: 'records-checkpoint', taskQueue: o.taskQueue, args: [] };
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 hour' as const };
  try {
    await client.schedule.create({ scheduleId: CHECKPOINT_SCHEDULE_ID, spec, action, policies });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await client.schedule.getHandle(CHECKPOINT_SCHEDULE_ID).update((prev) => ({ ...prev, spec, action, policies: { ...prev.policies, ...policies } }));
  return 'updated';
}
