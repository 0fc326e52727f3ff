import { performance } from 'node:perf_hooks';
import { extendNameCorrectionDeadline, openNameCorrection, submitNameCorrection } from '../services/name-correction';
import type { ServiceDeps } from '../services/deps';
import { DEFAULT_POLICY } from './paths';
import { seedAccounts, type BenchStack } from './stack';
import { FINDING } from './throughput';
import { mapLimit, percentile } from './util';
import { ACTIVITIES_RUN, waitUntilWaiting, type WorkerProcess } from './worker-process';
import { bare, bareUpdate } from './workflows/bare';

export interface Latency {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

function summarize(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  return { samples: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/**
 * Operator actions on `n` open, waiting cases, one at a time (no queueing in the figure): each case's
 * deadline extended by a supervisor, then each case's correction submitted (its handler runs the name
 * check activity before it answers). Round trip: from the service call to its result.
 */
export async function productActionLatency(stack: BenchStack, worker: WorkerProcess, n: number) {
  const accounts = await seedAccounts(stack.db, `${stack.runId}-latency-`, n);
  const deps: ServiceDeps = { client: stack.client, db: stack.db, taskQueue: worker.taskQueue };
  const before = (await worker.metrics()).get(ACTIVITIES_RUN) ?? 0;
  await mapLimit(accounts, 32, (accountId) => openNameCorrection(deps, { accountId, findings: [FINDING], openedBy: 'content-risk-service' }));
  await waitUntilWaiting(worker, before + 2 * n);

  const newDeadline = new Date(Date.now() + DEFAULT_POLICY.nameCorrection.window + 86_400_000).toISOString();
  const extend: number[] = [];
  for (const accountId of accounts) {
    extend.push(await timed(() => extendNameCorrectionDeadline(deps, accountId, { operatorId: 'supervisor-wang', reason: '用户申请延期', newDeadline })));
  }
  const submit: number[] = [];
  for (const [i, accountId] of accounts.entries()) {
    submit.push(await timed(() => submitNameCorrection(deps, accountId, { profile: { name: `老张说事${i}` } })));
  }
  return { extendDeadline: summarize(extend), submitCorrection: summarize(submit) };
}

/** The same on bare workflows: a no-op update, twice on each of `n` waiting workflows, one at a time. */
export async function bareUpdateLatency(stack: BenchStack, worker: WorkerProcess, n: number): Promise<Latency> {
  const before = (await worker.metrics()).get(ACTIVITIES_RUN) ?? 0;
  const shape = { activities: 2, timers: 0, timerMs: 0, updates: 2 };
  const handles = await mapLimit(Array.from({ length: n }, (_, i) => i), 32, (i) =>
    stack.client.workflow.start(bare, { workflowId: `bare-latency-${i + 1}`, taskQueue: worker.taskQueue, args: [shape] }),
  );
  await waitUntilWaiting(worker, before + 2 * n);
  const ms: number[] = [];
  for (let pass = 0; pass < 2; pass++) {
    for (const h of handles) ms.push(await timed(() => h.executeUpdate(bareUpdate, { args: [{ pass }] })));
  }
  return summarize(ms);
}
