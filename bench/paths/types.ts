import type { ProcessApi } from '../../services/case/process-api';
import type { IdentityDeps } from '../../identity/deps';
import type { Policy } from '../../policy/policy';
import { CaseNotFoundError } from '../../services/case/errors';
import type { ServiceDeps } from '../../services/deps';
import type { BenchStack } from '../stack';

/**
 * What the paths act with: the services' deps, plus what the processes that verify a subject need (the
 * identity vault and verifier, the policy's quotas), as the API passes them.
 */
export type BenchDeps = ServiceDeps & IdentityDeps & { policy: Policy };

/**
 * Which worker a path's cases run on: `default` under the default policy (days: no timer fires while
 * the benchmark acts), `short` under the benchmark's short policy (minutes: bench/paths/index.ts
 * SHORT_POLICY_FILE), for the paths that wait for a deadline. The policy is the worker's, not the case's.
 */
export type PathPolicy = 'default' | 'short';

/** One way a case of one process runs to its end, acted through the real services. */
export interface CasePath {
  /** The process, as the API serves it: its kind names the workflow ids and the budget's section. */
  process: ProcessApi;
  /** Unique within its process; `<process kind>/<name>` is unique in the benchmark. */
  name: string;
  /** What the benchmark does on this path, for the report. */
  what: string;
  policy: PathPolicy;
  /** The `outcome` of the workflow's result every case of this path must end with. */
  outcome: string;
  /**
   * The accounts the cases are about, `<prefix>1` … `<prefix><n>`. Default: registered accounts with their
   * subjects (bench/stack.ts seedAccounts). Untimed: what the platform and the real-name register hold
   * before anyone applies.
   */
  seed?(stack: BenchStack, prefix: string, n: number): Promise<string[]>;
  /** Opens the i-th case of this path for `accountId`, as a platform service or operator would. */
  open(deps: BenchDeps, accountId: string, i: number): Promise<void>;
  /** The parties and operators acting on the open case until it ends. */
  act(deps: BenchDeps, accountId: string, i: number): Promise<void>;
}

/** A process's paths and the terms its short-policy paths need (its section of the short policy file). */
export interface ProcessPaths {
  process: ProcessApi;
  /** The process's policy section, shortened to minutes, under its key in the policy file. */
  shortPolicy?: Record<string, unknown>;
  paths: CasePath[];
}

/** "account-transfer/completed": a path's name in --paths, the report and the logs. */
export const qualifiedName = (p: Pick<CasePath, 'process' | 'name'>) => `${p.process.process.kind}/${p.name}`;

/** "account-transfer" → "accountTransfer": the process's section in bench/history-budget.json. */
export const budgetSection = (kind: string) => kind.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Polls the case until `ready` holds of what its read function returns (a deadline passing, a stage reached). */
export async function waitForCase(deps: BenchDeps, process: ProcessApi, accountId: string, ready: (c: { stage?: unknown }) => boolean): Promise<void> {
  for (;;) {
    const c = (await process.read(deps, accountId).catch((err: unknown) => {
      // On a loaded machine a case can wait longer for its first task than a read waits for it.
      if (err instanceof CaseNotFoundError && err.message.includes('still opening')) return {};
      throw err;
    })) as { stage?: unknown };
    if (ready(c)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}
