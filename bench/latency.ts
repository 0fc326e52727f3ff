import { ephemeralIdentityDeps } from '../identity/ephemeral';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { extendNameCorrectionDeadline, openNameCorrection, submitNameCorrection } from '../services/name-correction';
import type { ServiceDeps } from '../services/deps';
import { DEFAULT_POLICY } from './paths/policies';
import { seedAccounts, type BenchStack } from './stack';
import { FINDING } from './paths/name-correction';
import { mapLimit, percentile } from './util';
import { ACTIVITIES_RUN, taskTimes, waitUntilWaiting, type WorkerProcess } from './worker-process';
import { bare, bareUpdate, bareUpdateWithActivity } from './workflows/bare';
import { PLATFORM, SUPERVISOR } from './principals';
import { createApiToken } from '../api/auth/token-admin';
import { startApi } from '../api/server';
import { parsePolicy } from '../policy/policy';
import { secretBox } from '../webhooks/secret-box';

export interface Latency {
  samples: number;
  p50: number;
  p99: number;
  max: number;
  /** The worker's own time, from its metrics over the phase: mean per workflow task, mean per activity. */
  workflowTaskMs?: number;
  activityMs?: number;
}

function summarize(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  return { samples: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

/**
 * Waits until the worker has run `activities` activities in all and then no workflow task for 150 ms:
 * what the last action set off (its records, its notice) is done, and the next one starts on a quiet
 * machine. Without this, one action's follow-up work competes with the next action for the same cores.
 */
function settle(w: WorkerProcess, activities: number): Promise<void> {
  return waitUntilWaiting(w, activities, { quietMs: 150, pollMs: 25, timeoutMs: 30_000 });
}

/**
 * Times `act` on each target, one at a time. `followUps`: the activities one action sets off (run
 * before or after it answers); when given, each action waits for the previous one's to finish.
 */
async function timeEach<T>(w: WorkerProcess, targets: T[], act: (t: T, i: number) => Promise<unknown>, followUps?: number): Promise<Latency> {
  const ms: number[] = [];
  const m0 = await w.metrics();
  for (const [i, t] of targets.entries()) {
    const before = followUps === undefined ? 0 : ((await w.metrics()).get(ACTIVITIES_RUN) ?? 0);
    const t0 = performance.now();
    await act(t, i);
    ms.push(performance.now() - t0);
    if (followUps !== undefined) await settle(w, before + followUps);
  }
  const t = taskTimes(m0, await w.metrics());
  return { ...summarize(ms), workflowTaskMs: t.workflowTaskRunMs, activityMs: t.activityRunMs };
}

export interface ProductLatency {
  /** An action that only records a decision: settled, and back to back. */
  extendDeadline: Latency;
  extendDeadlineBackToBack: Latency;
  /** An action whose handler runs an activity (the name check) before it answers. */
  submitCorrection: Latency;
  /** extendDeadline through the HTTP API (token, role gate, zod, seal, update), settled. */
  extendDeadlineViaApi?: Latency;
}

export interface BareLatency {
  update: Latency;
  updateBackToBack: Latency;
  updateWithActivity: Latency;
}

/**
 * Operator actions on `n` open, waiting cases, one at a time, from the service call to its result:
 * each case's deadline extended by a supervisor (a record and a notice follow), on a settled worker and
 * then back to back; then each case's correction submitted (its handler runs the name check before it answers).
 */
export async function productActionLatency(stack: BenchStack, worker: WorkerProcess, n: number): Promise<ProductLatency> {
  const accounts = await seedAccounts(stack.db, `${stack.runId}-latency-`, n);
  const deps: ServiceDeps = { client: stack.client, db: stack.db, taskQueue: worker.taskQueue, signer: stack.signer };
  const before = (await worker.metrics()).get(ACTIVITIES_RUN) ?? 0;
  await mapLimit(accounts, 32, (accountId) => openNameCorrection(deps, PLATFORM, { accountId, findings: [FINDING] }));
  await waitUntilWaiting(worker, before + 2 * n);

  const extend = (days: number) => (accountId: string) =>
    extendNameCorrectionDeadline(deps, SUPERVISOR, accountId, {
      reason: '用户申请延期',
      newDeadline: new Date(Date.now() + DEFAULT_POLICY.nameCorrection.window + days * 86_400_000).toISOString(),
    });
  const extendDeadline = await timeEach(worker, accounts, extend(1), 2);
  const extendDeadlineBackToBack = await timeEach(worker, accounts, extend(2));
  await waitUntilWaiting(worker, before + 2 * n + 4 * n);
  const submitCorrection = await timeEach(worker, accounts, (accountId, i) => submitNameCorrection(deps, PLATFORM, accountId, { profile: { name: `老张说事${i}` } }), 1);
  const extendDeadlineViaApi = await apiActionLatency(stack, worker, n);
  return { extendDeadline, extendDeadlineBackToBack, submitCorrection, extendDeadlineViaApi };
}

/**
 * The same settled extendDeadline, sent as a platform's operator tool sends it: an HTTP request with a
 * supervisor's API token to the API on loopback, which checks the token and the role, parses the body,
 * seals the action and sends the update. Fresh cases, so each extension is the first of its case.
 */
async function apiActionLatency(stack: BenchStack, worker: WorkerProcess, n: number): Promise<Latency> {
  const accounts = await seedAccounts(stack.db, `${stack.runId}-api-`, n);
  const deps: ServiceDeps = { client: stack.client, db: stack.db, taskQueue: worker.taskQueue, signer: stack.signer };
  const before = (await worker.metrics()).get(ACTIVITIES_RUN) ?? 0;
  await mapLimit(accounts, 32, (accountId) => openNameCorrection(deps, PLATFORM, { accountId, findings: [FINDING] }));
  await waitUntilWaiting(worker, before + 2 * n);
  const api = await startApi({ ...deps, ...ephemeralIdentityDeps(stack.db), policy: parsePolicy({}), webhookSecrets: secretBox(randomBytes(32)) }, { port: 0 });
  try {
    const { token } = await createApiToken(stack.db, { id: 'bench-admin', roles: ['admin'] }, { subject: SUPERVISOR.id, label: 'bench' });
    return await timeEach(
      worker,
      accounts,
      async (accountId) => {
        const res = await fetch(`${api.url}/v1/cases/name-correction/${accountId}/extend-deadline`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ reason: '用户申请延期', newDeadline: new Date(Date.now() + DEFAULT_POLICY.nameCorrection.window + 86_400_000).toISOString() }),
        });
        if (res.status !== 200) throw new Error(`the API answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      },
      2,
    );
  } finally {
    await api.stop();
  }
}

/** The same on bare workflows: a no-op update (one no-op activity follows it), and an update that runs a no-op activity. */
export async function bareUpdateLatency(stack: BenchStack, worker: WorkerProcess, n: number): Promise<BareLatency> {
  const before = (await worker.metrics()).get(ACTIVITIES_RUN) ?? 0;
  const shape = { activities: 2 + 3, timers: 0, timerMs: 0, updates: 3 };
  const handles = await mapLimit(Array.from({ length: n }, (_, i) => i), 32, (i) =>
    stack.bareClient.workflow.start(bare, { workflowId: `bare-latency-${stack.runId}-${i + 1}`, taskQueue: worker.taskQueue, args: [shape] }),
  );
  await waitUntilWaiting(worker, before + 2 * n);
  const update = await timeEach(worker, handles, (h, pass) => h.executeUpdate(bareUpdate, { args: [{ pass }] }), 1);
  const updateBackToBack = await timeEach(worker, handles, (h, pass) => h.executeUpdate(bareUpdate, { args: [{ pass }] }));
  await waitUntilWaiting(worker, before + 4 * n);
  const updateWithActivity = await timeEach(worker, handles, (h, pass) => h.executeUpdate(bareUpdateWithActivity, { args: [{ pass }] }), 2);
  return { update, updateBackToBack, updateWithActivity };
}
