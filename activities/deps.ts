import type { Mailer } from '../mail/mailer';
import type { Policy } from '../policy/policy';
import type { Db } from '../store/db';
import type { RecordInput } from '../store/records';

/** What activities need from the outside world; the worker builds it from the configuration. */
export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  policy: Policy;
  /** Told of each new record (measure or decision) once it is committed: `npm start` prints a line. */
  onRecord?: (record: RecordInput) => void;
  /** Where record checkpoints are signed and written (config CHECKPOINT_*); unset: this worker signs none. */
  checkpoints?: { signingKeyFile: string; dir: string };
}
