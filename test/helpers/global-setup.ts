import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevServer, type DevServer } from '../../scripts/dev-server';
import { freePort } from '../../scripts/ports';

declare global {
  var __TEMPORAL_DEV_SERVER__: DevServer | undefined;
}

/** Starts the dev server as temporal-dev.yml describes it, on free ports and a fresh SQLite file. */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'compliance-test-temporal-'));
  const server = await startDevServer({ dataDir, port: await freePort(), uiPort: await freePort(), logFile: join(dataDir, 'server.log') });
  globalThis.__TEMPORAL_DEV_SERVER__ = server;
  process.env.TEST_TEMPORAL_ADDRESS = server.address;
}
