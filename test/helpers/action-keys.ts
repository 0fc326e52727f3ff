import { loadVerifyKeys } from '../../security/action-keys';
import { loadActionSigner, type ActionSigner } from '../../security/action-signer';
import type { TrustedKeys } from '../../security/action-seal';

/** The run's action-signing key (the global setup makes it): what the services seal actions with. */
export const testSigner = (): ActionSigner => loadActionSigner(process.env.ACTION_SIGNING_KEY_FILE!);

/** The run's trusted public keys: what workers give cases to verify seals with. */
export const testVerifyKeys = (): TrustedKeys => loadVerifyKeys(process.env.ACTION_VERIFY_KEYS_FILE!);
