import { performance } from 'node:perf_hooks';
import { caseWorkflowId } from '../workflows/case/ids';
import { qualifiedName, type BenchDeps, type CasePath } from './paths';
import { DEFAULT_POLICY } from './paths/policies';
import { seedAccounts, type BenchStack } from './stack';
import { bare, bareUpdate, type BareShape } from './workflows/bare';

export interface ThroughputRun {
  cases: number;
  seconds: number;
  perSecond: number;
  workflowIds: string[];
}

/** Account ids and bare workflow ids carry this: path names repeat across processes. */
export const pathTag = (p: CasePath) => qualifiedName(p).replace('/', '.');

/**
 * `n` cases of one path at once, the benchmark acting as platform, parties and operators through the
 * real services: from the first open to the last case closed. Each case is its process's workflow for
 * the account (caseWorkflowId), whose result must carry the path's outcome.
 */
export async function runCases(stack: BenchStack, path: CasePath, n: number, taskQueue: string, tag: string = pathTag(path)): Promise<ThroughputRun> {
  const prefix = `${stack.runId}-${tag}-`;
  const accounts = await (path.seed ? path.seed(stack, prefix, n) : seedAccounts(stack.db, prefix, n));
  const deps: BenchDeps = { client: stack.client, db: stack.db, taskQueue, signer: stack.signer, ...stack.identity, policy: DEFAULT_POLICY };
  const workflowId = (accountId: string) => caseWorkflowId(path.process.process.kind, accountId);
  const t0 = performance.now();
  const results = await Promise.all(
    accounts.map(async (accountId, i) => {
      await path.open(deps, accountId, i);
      await path.act(deps, accountId, i);
      return stack.client.workflow.getHandle<() => Promise<{ outcome?: unknown }>>(workflowId(accountId)).result();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const wrong = results.filter((r) => r.outcome !== path.outcome);
  if (wrong.length) throw new Error(`${qualifiedName(path)}: ${wrong.length} cases ended ${String(wrong[0]!.outcome)}, not ${path.outcome}`);
  return { cases: n, seconds, perSecond: n / seconds, workflowIds: accounts.map(workflowId) };
}

/** `n` bare workflows of the given shape at once, their updates sent as the benchmark sends actions. */
export async function runBare(stack: BenchStack, shape: BareShape, n: number, taskQueue: string, tag: string): Promise<ThroughputRun> {
  const ids = Array.from({ length: n }, (_, i) => `bare-${tag}-${i + 1}`);
  const t0 = performance.now();
  await Promise.all(
    ids.map(async (workflowId) => {
      const handle = await stack.bareClient.workflow.start(bare, { workflowId, taskQueue, args: [shape] });
      for (let u = 0; u < shape.updates; u++) await handle.executeUpdate(bareUpdate, { args: [{ n: u }] });
      await handle.result();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { cases: n, seconds, perSecond: n / seconds, workflowIds: ids };
}
