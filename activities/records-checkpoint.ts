import { ApplicationFailure } from '@temporalio/activity';
import { readCheckpointSigningKey, type CheckpointSigningKey } from '../records/keys';
import { makeCheckpoint, RecordChainBrokenError } from '../records/make-checkpoint';
import type { ActivityDeps } from './deps';

/** What the checkpoint workflow returns, and its history holds: hashes and counts, nothing personal. */
export interface CheckpointSummary {
  headSeq: string;
  headHash: string;
  count: string;
  at: string;
  keyId: string;
  file: string;
}

export function createRecordCheckpointActivities(deps: ActivityDeps) {
  let key: CheckpointSigningKey | undefined;
  return {
    /** Verifies the chain and signs a checkpoint of its head (records/make-checkpoint.ts). */
    async makeRecordCheckpoint(): Promise<CheckpointSummary> {
      if (!deps.checkpoints) {
        throw ApplicationFailure.nonRetryable('this worker signs no checkpoints: give it CHECKPOINT_SIGNING_KEY_FILE', 'NoCheckpointKey');
      }
      try {
        key ??= readCheckpointSigningKey(deps.checkpoints.signingKeyFile);
      } catch (err) {
        throw ApplicationFailure.nonRetryable((err as Error).message, 'NoCheckpointKey');
      }
      try {
        const { checkpoint, file } = await makeCheckpoint(deps.db, key, deps.checkpoints.dir);
        const { headSeq, headHash, count, at, keyId } = checkpoint;
        return { headSeq, headHash, count, at, keyId, file };
      } catch (err) {
        // A broken chain will not mend by retrying: the run fails, visibly, until someone looks.
        if (err instanceof RecordChainBrokenError) throw ApplicationFailure.nonRetryable(err.message, 'RecordChainBroken');
        throw err;
      }
    },
  };
}
