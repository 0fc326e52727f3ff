import { WorkflowNotFoundError } from '@temporalio/client';
import type { Roster } from '../../rules/operator-permissions';
import { parseInput } from '../../schemas/errors';
import { OperatorSchema, type OperatorInput } from '../../schemas/operators';
import { listActiveOperators, upsertOperator } from '../../store/operators';
import type { Sql } from '../../store/db';
import { CASE_KIND } from '../../workflows/name-correction/workflow';
import { rosterChanged } from '../../workflows/name-correction/messages';
import type { ServiceDeps } from '../deps';

/** The roster as cases see it: ids and roles of active operators, nothing personal. */
export async function readRoster(db: Sql): Promise<Roster> {
  const ops = await listActiveOperators(db);
  return { operators: ops.map((o) => ({ id: o.id, roles: o.roles })), asOf: new Date().toISOString() };
}

/**
 * Adds, changes or deactivates an operator, then tells every open case, whose update validators check
 * actions against the roster they hold. Returns how many cases were told.
 */
export async function setOperator(deps: ServiceDeps, raw: OperatorInput): Promise<number> {
  const op = parseInput(OperatorSchema, raw, 'operator');
  await upsertOperator(deps.db, op);
  const roster = await readRoster(deps.db);
  let told = 0;
  const query = `CaseKind = "${CASE_KIND}" AND ExecutionStatus = "Running"`;
  for await (const wf of deps.client.workflow.list({ query })) {
    try {
      await deps.client.workflow.getHandle(wf.workflowId, wf.runId).signal(rosterChanged, roster);
      told++;
    } catch (err) {
      // Closed since the (eventually consistent) listing: it needs no roster, and the change is made.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return told;
}
