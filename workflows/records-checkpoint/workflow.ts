import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { CheckpointSummary } from '../../activities/records-checkpoint';

const { makeRecordCheckpoint } = proxyActivities<Activities>({
  // Verifying reads the whole chain; the worker's heartbeat interceptor keeps a long read alive.
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', maximumAttempts: 5 },
});

/**
 * One signed checkpoint of the record chain's head (Art. 19), started by the Temporal Schedule
 * records/schedule.ts keeps (hourly by default). A run that fails means the chain did not verify or
 * no key was at hand: the Schedule's list of recent actions shows it.
 */
export async function recordsCheckpoint(): Promise<CheckpointSummary> {
  return makeRecordCheckpoint();
}
