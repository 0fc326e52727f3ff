import { WorkflowNotFoundError } from '@temporalio/client';
import { PROCESS_SECTIONS } from '../../policy/policy';
import { caseWorkflowId } from '../../workflows/case/ids';
import { CaseRef } from '../../workflows/search-attributes';
import type { ServiceDeps } from '../deps';

/**
 * The cases open against an account, of every kind but those excluded. Each case's workflow id is its
 * business key ("<kind>:<accountId>"), so this asks each kind directly: exact, with none of a list
 * query's indexing lag.
 */
export async function openCasesOf(deps: ServiceDeps, accountId: string, o: { except: readonly string[] }): Promise<{ kind: string; caseRef: string }[]> {
  const kinds = Object.keys(PROCESS_SECTIONS).filter((k) => !o.except.includes(k));
  const found = await Promise.all(
    kinds.map(async (kind) => {
      try {
        const d = await deps.client.workflow.getHandle(caseWorkflowId(kind, accountId)).describe();
        return d.status.name === 'RUNNING' ? [{ kind, caseRef: d.typedSearchAttributes.get(CaseRef) ?? '' }] : [];
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return [];
        throw err;
      }
    }),
  );
  return found.flat();
}
