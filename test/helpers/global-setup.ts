import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { freePort } from '../../scripts/ports';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../workers/create-worker';

declare global {
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
  var __TEST_TEMP_DIR__: string | undefined;
}

/**
 * Starts the dev server as temporal-dev.yml describes it, on free ports and a fresh SQLite file, and
 * bundles the workflows once for every test file (test/helpers/stack.ts reads the bundle).
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'compliance-test-temporal-'));
  globalThis.__TEST_TEMP_DIR__ = dataDir;
  const [server, bundle] = await Promise.all([
    startDevServer({ dataDir, port: await freePort(), uiPort: await freePort(), logFile: join(dataDir, 'server.log') }),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } as never }),
  ]);
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
  const bundleFile = join(dataDir, 'workflow-bundle.js');
  writeFileSync(bundleFile, bundle.code);
  process.env.TEST_WORKFLOW_BUNDLE = bundleFile;
}
