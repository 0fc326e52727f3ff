import type { IdentityDeps } from '../identity/deps';
import type { Mailer } from '../mail/mailer';
import type { Policy } from '../policy/policy';
import type { Db } from '../store/db';
import type { RecordInput } from '../store/records';
import type { TrustedKeys } from '../security/action-seal';

/** What activities need from the outside world; the worker builds it from the configuration. */
export interface ActivityDeps {
  db: Db;
  mailer: Mailer;
  policy: Policy;
  /**
   * The public keys cases verify action seals with (ACTION_VERIFY_KEYS_FILE), read by caseSetup and
   * readRoster. Without them a case trusts no key and refuses every action: fail closed.
   */
  actionVerifyKeys?: TrustedKeys;
  /** Told of each new record (measure or decision) once it is committed: `npm start` prints a line. */
  onRecord?: (record: RecordInput) => void;
  /**
   * The identity vault and verifier (IDENTITY_KEYS_FILE, IDENTITY_VERIFIER), for the eligibility check of
   * a transfer's receiving side; a worker without them leaves that check to one that has them.
   */
  identity?: IdentityDeps;
  /** Where record checkpoints are signed and written (config CHECKPOINT_*); unset: this worker signs none. */
  checkpoints?: { signingKeyFile: string; dir: string };
}
