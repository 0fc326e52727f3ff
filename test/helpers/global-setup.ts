import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePayloadKeys } from '../../codec/keys';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { freePort } from '../../scripts/ports';
import { bundleWorkflows } from '../../scripts/build';
import { startPostgres, storeOn, type PostgresServer } from './postgres';
import { DEFAULT_ACTION_KEY_FILES, ensureActionKeys } from '../../security/action-keys';

declare global {
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
  var __TEST_TEMP_DIR__: string | undefined;
  var __TEST_POSTGRES__: PostgresServer | undefined;
}

/**
 * Starts the dev server as temporal-dev.yml describes it, on free ports and a fresh SQLite file, and
 * bundles the workflows once for every test file (test/helpers/stack.ts reads the bundle), and starts
 * the PostgreSQL server that test files make their databases on.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'compliance-test-temporal-'));
  globalThis.__TEST_TEMP_DIR__ = dataDir;
  const [server, bundle, postgres] = await Promise.all([
    startDevServer({ dataDir, port: await freePort(), uiPort: await freePort(), logFile: join(dataDir, 'server.log') }),
    // The bundle `npm run build` writes (test/build/ runs the compiled worker on it).
    bundleWorkflows({ quiet: true }),
    // One PostgreSQL server for the run; each test file that wants one gets a database of its own on it.
    startPostgres(),
  ]);
  globalThis.__TEST_POSTGRES__ = postgres;
  // The owner and app roles (cluster-wide) that each test file's database is made for.
  await storeOn(postgres.url);
  process.env.TEST_POSTGRES_URL = postgres.url;
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  // Every client and worker of the run encrypts payloads with these keys; processes the tests start inherit the variable.
  const payloadKeysFile = join(dataDir, 'keys', 'payload-keys.json');
  ensurePayloadKeys(payloadKeysFile);
  process.env.PAYLOAD_KEYS_FILE = payloadKeysFile;
  // The run's action-signing key pair: test stacks sign with it, and every worker (in process or not) verifies with it.
  const keys = DEFAULT_ACTION_KEY_FILES(join(dataDir, 'keys'));
  ensureActionKeys(keys);
  process.env.ACTION_SIGNING_KEY_FILE = keys.signingKeyFile;
  process.env.ACTION_VERIFY_KEYS_FILE = keys.verifyKeysFile;
  const bundleFile = join(dataDir, 'workflow-bundle.js');
  writeFileSync(bundleFile, bundle);
  process.env.TEST_WORKFLOW_BUNDLE = bundleFile;
}
