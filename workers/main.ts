import { loadConfig } from '../config/env';
import { runWorker } from './run-worker';

/**
 * A worker process: `npm run worker` (or started by `npm start`). Run as many as the load needs,
 * all on the same task queue. SIGINT / SIGTERM drain it gracefully.
 */
runWorker(loadConfig()).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
