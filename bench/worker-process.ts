import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../scripts/tools';
import { freePort } from '../scripts/ports';

/** The worker processes the benchmark runs: the product's own (workers/main.ts) and the bare one. */
const ENTRY = {
  product: join(PROJECT_ROOT, 'workers', 'main.ts'),
  bare: join(PROJECT_ROOT, 'bench', 'bare-worker.ts'),
} as const;
const PROBE = join(PROJECT_ROOT, 'bench', 'worker-probe.mjs');

export interface ProbeMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  heapLimitMiB: number;
  defaultMaxCachedWorkflows: number;
}

export interface WorkerProcess {
  kind: keyof typeof ENTRY;
  pid: number;
  taskQueue: string;
  /** VmRSS and VmHWM (peak) from /proc/<pid>/status, in MiB. */
  rssMiB(): { rss: number; peak: number };
  /** process.memoryUsage() of the worker's main thread, and its default workflow cache size. */
  probe(): Promise<ProbeMemory>;
  /** The SDK's Prometheus metrics, summed over labels. */
  metrics(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

export interface WorkerEnv {
  address: string;
  taskQueue: string;
  databaseUrl?: string;
  smtpUrl?: string;
  /** The worker's policy (cases take their terms from it); the default policy when unset. */
  policyFile?: string;
  logFile: string;
}

/** Variables of config/env.ts that must come from the benchmark, not from the caller's shell. */
const OWN = /^(TEMPORAL_|DATABASE_URL$|SMTP_URL$|POLICY_FILE$|MAIL_FROM$|WORKFLOW_BUNDLE$)/;

/** The environment of a worker the benchmark starts: the caller's, without what the benchmark sets. */
export function workerEnvironment(o: Omit<WorkerEnv, 'logFile'>, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !OWN.test(k)));
  return Object.assign(env, {
    TEMPORAL_ADDRESS: o.address,
    TEMPORAL_TASK_QUEUE: o.taskQueue,
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
    ...(o.smtpUrl ? { SMTP_URL: o.smtpUrl } : {}),
    ...(o.policyFile ? { POLICY_FILE: o.policyFile } : {}),
    ...extra,
  });
}

/**
 * Starts a worker in a process of its own (so that its memory is its own), with the probe loaded, and
 * resolves once it polls. Output goes to `logFile`.
 */
export async function spawnWorker(kind: keyof typeof ENTRY, o: WorkerEnv): Promise<WorkerProcess> {
  const metricsPort = await freePort();
  const probePort = await freePort();
  const env = workerEnvironment(o, {
    BENCH_METRICS_PORT: String(metricsPort),
    BENCH_PROBE_PORT: String(probePort),
    // The product's worker installs the Runtime itself and takes its metrics address from here.
    ...(kind === 'product' ? { WORKER_METRICS_ADDRESS: `127.0.0.1:${metricsPort}` } : {}),
  });
  const log = createWriteStream(o.logFile, { flags: 'a' });
  const { child, exited, polling } = startWorkerProcess(['--import', 'tsx', '--import', PROBE, ENTRY[kind]], env, log, `${kind} worker; see ${o.logFile}`);
  await polling;

  const pid = child.pid!;
  return {
    kind,
    pid,
    taskQueue: o.taskQueue,
    rssMiB() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
    },
    async probe() {
      const res = await fetch(`http://127.0.0.1:${probePort}/`);
      return (await res.json()) as ProbeMemory;
    },
    async metrics() {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      const sums = new Map<string, number>();
      for (const line of text.split('\n')) {
        const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
        if (!m) continue;
        // Also per RPC: "temporal_request_latency_sum:RespondWorkflowTaskCompleted".
        const op = /operation="(\w+)"/.exec(m[2] ?? '')?.[1];
        for (const key of op ? [m[1]!, `${m[1]}:${op}`] : [m[1]!]) sums.set(key, (sums.get(key) ?? 0) + Number(m[3]));
      }
      return sums;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(kill);
      log.end();
    },
  };
}

/**
 * Spawns a worker process with its output going to `log` (killed if this process exits first).
 * `polling` resolves once it says it polls its task queue, and rejects if it exits before.
 */
export function startWorkerProcess(args: string[], env: NodeJS.ProcessEnv, log: NodeJS.WritableStream, what: string) {
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.off('exit', killOnExit);
      resolve();
    }),
  );
  const polling = new Promise<void>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (seen.includes('worker polling task queue')) {
        child.stdout.off('data', onData);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`${what}: exited with ${signal ?? code} at start`)));
  });
  return { child, exited, polling };
}

/**
 * Where a worker's tasks spent their time between two samples of its metrics, as means in ms: waiting
 * in the task queue for a free slot, run by the worker, and the server's answer to each completion
 * (which holds the slot, and is the server persisting what the task did).
 */
export interface TaskTimes {
  workflowTaskQueuedMs: number;
  workflowTaskRunMs: number;
  workflowTaskCompletionMs: number;
  activityRunMs: number;
  activityCompletionMs: number;
}

export function taskTimes(before: Map<string, number>, after: Map<string, number>): TaskTimes {
  const delta = (key: string) => (after.get(key) ?? 0) - (before.get(key) ?? 0);
  const mean = (metric: string, op = '') => delta(`${metric}_sum${op}`) / delta(`${metric}_count${op}`);
  const meanOp = (op: string) => mean('temporal_request_latency', `:${op}`);
  return {
    workflowTaskQueuedMs: mean('temporal_workflow_task_schedule_to_start_latency'),
    workflowTaskRunMs: mean('temporal_workflow_task_execution_latency'),
    workflowTaskCompletionMs: meanOp('RespondWorkflowTaskCompleted'),
    activityRunMs: mean('temporal_activity_execution_latency'),
    activityCompletionMs: meanOp('RespondActivityTaskCompleted'),
  };
}

export const ACTIVITIES_RUN = 'temporal_activity_execution_latency_count';
export const WORKFLOW_TASKS_RUN = 'temporal_workflow_task_execution_latency_count';
export const WORKFLOWS_CACHED = 'temporal_sticky_cache_size';

/**
 * Resolves once the worker has run `activities` activities in all (its metrics), and then no workflow
 * task for `quietMs`: every workflow has done what it does before it waits, and waits.
 */
export async function waitUntilWaiting(
  w: WorkerProcess,
  activities: number,
  o: { quietMs?: number; timeoutMs?: number; pollMs?: number; onProgress?: (activitiesRun: number) => void } = {},
): Promise<void> {
  const quietMs = o.quietMs ?? 3000;
  const end = Date.now() + (o.timeoutMs ?? 3_600_000);
  let lastTasks = -1;
  let quietSince = Date.now();
  let lastReport = 0;
  for (;;) {
    const m = await w.metrics();
    const ran = m.get(ACTIVITIES_RUN) ?? 0;
    const tasks = m.get(WORKFLOW_TASKS_RUN) ?? 0;
    if (tasks !== lastTasks) {
      lastTasks = tasks;
      quietSince = Date.now();
    }
    if (ran >= activities && Date.now() - quietSince >= quietMs) return;
    if (o.onProgress && Date.now() - lastReport >= 15_000) {
      lastReport = Date.now();
      o.onProgress(ran);
    }
    if (Date.now() > end) throw new Error(`${w.kind} worker: ${ran} of ${activities} activities run when the wait timed out`);
    await new Promise((r) => setTimeout(r, o.pollMs ?? 500));
  }
}
