import { performance } from 'node:perf_hooks';
import { openNameCorrection } from '../services/name-correction';
import type { ServiceDeps } from '../services/deps';
import { caseWorkflowId } from '../workflows/case/ids';
import type { CasePath } from './paths';
import { seedAccounts, type BenchStack } from './stack';
import { bare, bareUpdate, type BareShape } from './workflows/bare';
import { PLATFORM } from './principals';

export interface ThroughputRun {
  cases: number;
  seconds: number;
  perSecond: number;
  workflowIds: string[];
}

export const FINDING = { field: 'name', ground: 'implies_party_or_state_body', detail: '名称含有「国务院」，足以使人误解为国家机关账号' } as const;

/**
 * `n` cases of one path at once, the benchmark acting as platform and operators through the real
 * services: from the first open to the last case closed.
 */
export async function runCases(stack: BenchStack, path: CasePath, n: number, taskQueue: string, tag: string = path.name): Promise<ThroughputRun> {
  const accounts = await seedAccounts(stack.db, `${stack.runId}-${tag}-`, n);
  const deps: ServiceDeps = { client: stack.client, db: stack.db, taskQueue, signer: stack.signer };
  const workflowIdOf = (accountId: string) => caseWorkflowId(path.kind ?? 'name-correction', accountId);
  const t0 = performance.now();
  const results = await Promise.all(
    accounts.map(async (accountId, i) => {
      await (path.open ? path.open(deps, accountId) : openNameCorrection(deps, PLATFORM, { accountId, findings: [FINDING] }));
      await path.act(deps, accountId, i);
      return stack.client.workflow.getHandle<() => Promise<{ outcome: string }>>(workflowIdOf(accountId)).result();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const wrong = results.filter((r) => r.outcome !== path.outcome);
  if (wrong.length) throw new Error(`${path.name}: ${wrong.length} cases ended ${wrong[0]!.outcome}, not ${path.outcome}`);
  return { cases: n, seconds, perSecond: n / seconds, workflowIds: accounts.map(workflowIdOf) };
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
