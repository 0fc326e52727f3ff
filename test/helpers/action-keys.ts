import { loadVerifyKeys } from '../../security/action-keys';
import { loadActionSigner, type ActionSigner } from '../../security/action-signer';
import type { TrustedKeys } from '../../security/action-seal';

/**
 * The run's action-signing key (the global setup makes it): what the services seal actions with. On
 * the time-skipping server, seals are dated by its clock (`env.currentTimeMs()`), as its cases are.
 */
export const testSigner = (clock?: () => number | Promise<number>): ActionSigner =>
  loadActionSigner(process.env.ACTION_SIGNING_KEY_FILE!, 'ACTION_SIGNING_KEY_FILE', clock);

/** The run's trusted public keys: what workers give cases to verify seals with. */
export const testVerifyKeys = (): TrustedKeys => loadVerifyKeys(process.env.ACTION_VERIFY_KEYS_FILE!);
