import { loadConfig } from '../config/env';
import { installMaskedLogging } from '../logging/runtime';
import { builtWorkflowBundle } from './bundle';
import { runWorker } from './run-worker';

/**
 * A worker process: `npm run worker` runs it compiled (dist/workers/main.js, after `npm run build`),
 * with the workflow bundle built beside it; `npm start` runs it from the sources. Run as many as the
 * load needs, all on the same task queue. SIGINT / SIGTERM drain it gracefully.
 */
async function main(): Promise<void> {
  // Before any connection: the SDK's, activities' and workflows' log lines, and this process's console, masked.
  installMaskedLogging();
  const config = loadConfig();
  await runWorker({ ...config, workflowBundleCode: config.workflowBundleCode ?? builtWorkflowBundle() });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
