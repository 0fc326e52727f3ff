// Loaded into a worker process by the benchmark (`node --import tsx --import ./bench/worker-probe.mjs
// workers/main.ts`), before the worker's own code, which it leaves unchanged. Plain JavaScript: Node
// also loads it into the SDK's workflow thread, where it does nothing. In the main thread it exposes
// - the SDK's metrics in Prometheus format on BENCH_METRICS_PORT (activities run, workflow tasks,
//   workflows held in the worker's cache);
// - on BENCH_PROBE_PORT, JSON: process.memoryUsage() and the workflow cache size the SDK picks by default.
import { createServer } from 'node:http';
import { getHeapStatistics } from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { Runtime } from '@temporalio/worker';

if (isMainThread) {
  // The product's worker installs the Runtime itself (logging/runtime.ts), with the metrics on
  // WORKER_METRICS_ADDRESS; a bare worker does not, so the probe installs it for that one.
  const metricsPort = process.env.BENCH_METRICS_PORT;
  if (metricsPort && !process.env.WORKER_METRICS_ADDRESS) {
    Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${metricsPort}` } } } });
  }

  const heapLimitMiB = getHeapStatistics().heap_size_limit / 2 ** 20;
  // @temporalio/worker 1.24 (worker-options.js, reuseV8Context, the default): maxCachedWorkflows when not set.
  const defaultMaxCachedWorkflows = Math.max(Math.floor((Math.max(heapLimitMiB - 200, 0) * 600) / 1024), 10);

  const probePort = process.env.BENCH_PROBE_PORT;
  if (probePort) {
    createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ...process.memoryUsage(), heapLimitMiB, defaultMaxCachedWorkflows }));
    })
      .listen(Number(probePort), '127.0.0.1')
      .unref();
  }
}
