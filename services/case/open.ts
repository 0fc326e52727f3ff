import { randomBytes } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { z } from 'zod';
import type { Principal } from '../../rules/roles';
import { InvalidInputError, parseInput } from '../../schemas/errors';
import { getAccount } from '../../store/accounts';
import { caseWorkflowId } from '../../workflows/case/ids';
import { OPEN_ACTION } from '../../workflows/case/opening';
import type { ProcessInfo } from '../../workflows/case/process';
import { AccountId, CaseKind, CaseRef, CaseStage } from '../../workflows/search-attributes';
import type { ServiceDeps } from '../deps';

export interface OpenedCase {
  workflowId: string;
  caseRef: string;
  /** false: a case of this kind for this account was open already, and this is it. */
  created: boolean;
}

/** "NC-20261123-K3M9QX7A": the reference quoted in every notice and record of the case. */
function newCaseRef(prefix: string): string {
  const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).replace(/-/g, '');
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const tail = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${prefix}-${day}-${tail}`;
}

/**
 * Opens a case of any process for an account. One open case per account and kind: if one is open, it
 * is returned. Bad input, an unknown or terminated account: a clear error naming the field, and
 * nothing starts. The opener is the caller's principal, and the start is sealed for them (the case
 * refuses an unsealed one, or one by an opener the roster does not allow). The case reads its terms from the running workers' policy, not from this process.
 */
export async function openCase<S extends z.ZodType<{ accountId: string }>>(
  deps: ServiceDeps,
  by: Principal,
  process: ProcessInfo,
  schema: S,
  raw: unknown,
): Promise<OpenedCase> {
  const what = `${process.kind} case`;
  const input = parseInput(schema, raw, what);
  const account = await getAccount(deps.db, input.accountId);
  if (process.opens === 'new-account') {
    if (account) {
      throw new InvalidInputError(`invalid ${what}: accountId: account "${input.accountId}" exists already`, [
        { field: 'accountId', rule: 'must not name an existing account' },
      ]);
    }
  } else if (!account) {
    throw new InvalidInputError(`invalid ${what}: accountId: no account "${input.accountId}" in the registry`, [
      { field: 'accountId', rule: 'must name an account in the registry' },
    ]);
  } else if (account.status === 'terminated') {
    throw new InvalidInputError(`invalid ${what}: accountId: account "${input.accountId}" is terminated`, [
      { field: 'accountId', rule: 'must not be terminated' },
    ]);
  }
  const workflowId = caseWorkflowId(process.kind, input.accountId);
  const caseRef = newCaseRef(process.refPrefix);
  const caseInput = { ...input, openedBy: by.id, caseRef };
  // The opening is sealed like every action (security/action-seal.ts): the opener, this case, and a
  // digest of the input; its request id is the case reference. The case verifies it before it imposes
  // anything (workflows/case/opening.ts), so a raw `workflow start` without the API opens nothing.
  const seal = await deps.signer.seal({ actor: by.id, workflowId, action: OPEN_ACTION, requestId: caseRef, input: caseInput });
  try {
    await deps.client.workflow.start(process.workflowType, {
      workflowId,
      taskQueue: deps.taskQueue,
      // The seal is the workflow's second argument, as an update's is: arguments are the run's
      // immutable, encrypted input, which every replay reads again. Not a header (interceptors'
      // cross-cutting context, outside the workflow's signature) nor a memo (display metadata, changed
      // by upsertMemo, and not what a start's input is checked against).
      args: [caseInput, seal],
      // Set at start so the case is in the UI's work queue before a worker has picked it up.
      typedSearchAttributes: [
        { key: AccountId, value: input.accountId },
        { key: CaseKind, value: process.kind },
        { key: CaseRef, value: caseRef },
        { key: CaseStage, value: process.firstStage },
      ],
      // What the UI's list and the case's page say of it. No personal data: ids and the article only.
      staticSummary: `${process.title} · ${caseRef} · ${process.article}`,
      staticDetails: [
        `**Case** ${caseRef}`,
        `**Process** ${process.title} (${process.kind})`,
        `**Article** 《互联网用户公众账号信息服务管理规定》${process.article}`,
        `**Account** ${input.accountId}`,
      ].join('\n\n'),
    });
    return { workflowId, caseRef, created: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const existing = await deps.client.workflow.getHandle(workflowId).describe();
    return { workflowId, caseRef: existing.typedSearchAttributes.get(CaseRef) ?? '', created: false };
  }
}
