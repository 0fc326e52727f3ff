import { join } from 'node:path';
import { loadConfig } from '../config/env';
import { performance } from 'node:perf_hooks';
import { openNameCorrection } from '../services/name-correction';
import type { ServiceDeps } from '../services/deps';
import { seedAccounts, type BenchStack } from './stack';
import { FINDING } from './paths/name-correction';
import { mapLimit, progress, sleep } from './util';
import { ACTIVITIES_RUN, spawnWorker, waitUntilWaiting, WORKFLOWS_CACHED, type WorkerProcess } from './worker-process';
import { bare } from './workflows/bare';
import { PLATFORM } from './principals';

export interface MemoryRun {
  workflows: number;
  /** From the first start to every workflow waiting on its timers. */
  openSeconds: number;
  idleRssMiB: number;
  rssMiB: number;
  peakRssMiB: number;
  /** (RSS with the workflows open − idle RSS) / workflows open, and / workflows in the worker's cache. */
  perWorkflowKiB: number;
  perCachedWorkflowKiB: number;
  /** V8 heap of the worker's main thread (activities, SDK); the workflow sandbox runs in a thread of its own. */
  mainThreadHeapUsedMiB: number;
  /** The worker's workflow cache: its size (the product's: WORKER_MAX_CACHED_WORKFLOWS; bare: the SDK's default) and what it held. */
  maxCachedWorkflows: number;
  cachedWorkflows: number;
}

const START_CONCURRENCY = 32;
/**
 * Started but not yet waiting, at most: more would overflow the worker's workflow cache with cases still
 * running their first steps, evicted and replayed again and again, and measure that thrashing instead.
 */
const MAX_IN_FLIGHT = 1000;

/**
 * Opens `count` workflows on a fresh worker process and measures its memory once all of them wait on
 * their timers. `start(i)` starts the i-th; each runs 2 activities before it waits.
 */
async function measure(worker: WorkerProcess, count: number, label: string, start: (i: number) => Promise<unknown>, maxCached?: number): Promise<MemoryRun> {
  await sleep(3000);
  const idle = worker.rssMiB().rss;
  const t0 = performance.now();
  const activitiesBefore = (await worker.metrics()).get(ACTIVITIES_RUN) ?? 0;
  let started = 0;
  let waiting = 0;
  const watch = setInterval(() => {
    worker.metrics().then((m) => (waiting = Math.floor(((m.get(ACTIVITIES_RUN) ?? 0) - activitiesBefore) / 2)), () => undefined);
  }, 500);
  const ticker = setInterval(() => progress(`${label}: ${started} of ${count} started, ${waiting} waiting`), 30_000);
  try {
    await mapLimit(
      Array.from({ length: count }, (_, i) => i),
      START_CONCURRENCY,
      async (i) => {
        while (started - waiting >= MAX_IN_FLIGHT) await sleep(200);
        started++;
        await start(i);
      },
    );
  } finally {
    clearInterval(watch);
    clearInterval(ticker);
  }
  await waitUntilWaiting(worker, activitiesBefore + 2 * count, {
    quietMs: 5000,
    timeoutMs: 4 * 3_600_000,
    onProgress: (ran) => progress(`${label}: all started; ${Math.floor((ran - activitiesBefore) / 2)} of ${count} waiting`),
  });
  const openSeconds = (performance.now() - t0) / 1000;
  // Settled: sample a few times, keep the last.
  let rss = worker.rssMiB();
  for (let i = 0; i < 5; i++) {
    await sleep(1000);
    rss = worker.rssMiB();
  }
  const probe = await worker.probe();
  const cached = (await worker.metrics()).get(WORKFLOWS_CACHED) ?? NaN;
  return {
    workflows: count,
    openSeconds,
    idleRssMiB: idle,
    rssMiB: rss.rss,
    peakRssMiB: rss.peak,
    perWorkflowKiB: ((rss.rss - idle) * 1024) / count,
    perCachedWorkflowKiB: ((rss.rss - idle) * 1024) / cached,
    mainThreadHeapUsedMiB: probe.heapUsed / 2 ** 20,
    maxCachedWorkflows: maxCached ?? probe.defaultMaxCachedWorkflows,
    cachedWorkflows: cached,
  };
}

/** `count` name-correction cases (default policy: 7-day window) opened through the service, on workers/main.ts. */
export async function productMemory(stack: BenchStack, count: number): Promise<MemoryRun> {
  const accounts = await seedAccounts(stack.db, `${stack.runId}-open-`, count);
  const taskQueue = 'bench-memory-product';
  const worker = await spawnWorker('product', {
    address: stack.server.address,
    taskQueue,
    databaseUrl: stack.databaseUrl,
    smtpUrl: stack.sink.url,
    logFile: join(stack.dir, 'worker-memory-product.log'),
  });
  const deps: ServiceDeps = { client: stack.client, db: stack.db, taskQueue, signer: stack.signer };
  try {
    return await measure(worker, count, 'open cases', (i) =>
      openNameCorrection(deps, PLATFORM, { accountId: accounts[i]!, findings: [FINDING] }),
      loadConfig({ WORKER_MAX_CACHED_WORKFLOWS: process.env.WORKER_MAX_CACHED_WORKFLOWS }).maxCachedWorkflows,
    );
  } finally {
    await worker.stop();
  }
}

/** `count` bare workflows waiting the same way (2 activities, then an update awaited under a 7-day timer). */
export async function bareMemory(stack: BenchStack, count: number): Promise<MemoryRun> {
  const taskQueue = 'bench-memory-bare';
  const worker = await spawnWorker('bare', { address: stack.server.address, taskQueue, logFile: join(stack.dir, 'worker-memory-bare.log') });
  const shape = { activities: 2, timers: 0, timerMs: 0, updates: 1 };
  try {
    return await measure(worker, count, 'open bare workflows', (i) =>
      stack.bareClient.workflow.start(bare, { workflowId: `bare-open-${i + 1}`, taskQueue, args: [shape] }),
    );
  } finally {
    await worker.stop();
  }
}
