import { rmSync } from 'node:fs';

/** Stops the run's dev server and removes its folder (SQLite file, log, workflow bundle). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__TEMPORAL_DEV_SERVER__?.stop();
  await globalThis.__TEST_POSTGRES__?.stop();
  if (globalThis.__TEST_TEMP_DIR__) rmSync(globalThis.__TEST_TEMP_DIR__, { recursive: true, force: true });
}
