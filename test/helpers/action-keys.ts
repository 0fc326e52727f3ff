import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ACTION_KEY_FILES, ensureActionKeys, loadVerifyKeys } from '../../security/action-keys';
import { loadActionSigner, type ActionSigner } from '../../security/action-signer';
import type { TrustedKeys } from '../../security/action-seal';

/**
 * The run's action-signing key pair: the global setup makes it; a run without that setup (the cluster
 * tests) gets one here, in a temporary folder. Worker processes the tests start inherit where it is.
 */
function keyFiles(): { signingKeyFile: string; verifyKeysFile: string } {
  if (!process.env.ACTION_SIGNING_KEY_FILE || !process.env.ACTION_VERIFY_KEYS_FILE) {
    const files = DEFAULT_ACTION_KEY_FILES(join(mkdtempSync(join(tmpdir(), 'compliance-test-keys-')), 'keys'));
    ensureActionKeys(files);
    process.env.ACTION_SIGNING_KEY_FILE = files.signingKeyFile;
    process.env.ACTION_VERIFY_KEYS_FILE = files.verifyKeysFile;
  }
  return { signingKeyFile: process.env.ACTION_SIGNING_KEY_FILE, verifyKeysFile: process.env.ACTION_VERIFY_KEYS_FILE };
}

/**
 * What the services seal actions with. On the time-skipping server, seals are dated by its clock
 * (`env.currentTimeMs()`), as its cases are.
 */
export const testSigner = (clock?: () => number | Promise<number>): ActionSigner =>
  loadActionSigner(keyFiles().signingKeyFile, 'ACTION_SIGNING_KEY_FILE', clock);

/** The trusted public keys: what workers give cases to verify seals with. */
export const testVerifyKeys = (): TrustedKeys => loadVerifyKeys(keyFiles().verifyKeysFile);
