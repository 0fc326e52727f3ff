import { randomBytes } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { getAccount } from '../../store/accounts';
import { InvalidInputError, parseInput } from '../../schemas/errors';
import { OpenNameCorrectionSchema } from '../../schemas/name-correction';
import { AccountId, CaseKind, CaseRef, CaseStage } from '../../workflows/search-attributes';
import type { NameCorrectionTerms } from '../../workflows/name-correction/state';
import { CASE_KIND, nameCorrection, nameCorrectionWorkflowId } from '../../workflows/name-correction/workflow';
import type { Policy } from '../../policy/policy';
import type { ServiceDeps } from '../deps';
import { readRoster } from '../operators/roster';

export interface OpenedCase {
  workflowId: string;
  caseRef: string;
  /** false: a case for this account was open already, and this is it. */
  created: boolean;
}

export function nameCorrectionTerms(policy: Policy): NameCorrectionTerms {
  return {
    policyVersion: policy.version,
    correctionWindowMs: policy.nameCorrection.correctionWindow,
    remindBeforeMs: policy.nameCorrection.remindBefore,
    maxExtensionMs: policy.nameCorrection.maxExtension,
    maxSubmissions: policy.nameCorrection.maxSubmissions,
  };
}

/** "NC-20261123-K3M9QX7A": the reference quoted in every notice and record of the case. */
function newCaseRef(): string {
  const day = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).replace(/-/g, '');
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const tail = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  return `NC-${day}-${tail}`;
}

/**
 * Opens a name-correction case for an account (Art. 8 ¶2). One open case per account: if one is open,
 * returns it. Bad input, an unknown or already terminated account: a clear error, and nothing starts.
 */
export async function openNameCorrection(deps: ServiceDeps, raw: unknown): Promise<OpenedCase> {
  const input = parseInput(OpenNameCorrectionSchema, raw, 'name-correction case');
  const account = await getAccount(deps.db, input.accountId);
  if (!account) {
    throw new InvalidInputError(`invalid name-correction case: accountId: no account "${input.accountId}" in the registry`, [
      { field: 'accountId', rule: 'must name an account in the registry' },
    ]);
  }
  if (account.status === 'terminated') {
    throw new InvalidInputError(`invalid name-correction case: accountId: account "${input.accountId}" is terminated`, [
      { field: 'accountId', rule: 'must not be terminated' },
    ]);
  }
  const workflowId = nameCorrectionWorkflowId(input.accountId);
  const caseRef = newCaseRef();
  try {
    await deps.client.workflow.start(nameCorrection, {
      workflowId,
      taskQueue: deps.taskQueue,
      args: [{ ...input, caseRef, terms: nameCorrectionTerms(deps.policy), roster: await readRoster(deps.db) }],
      // Set at start so the case is in the UI's work queue before a worker has picked it up.
      typedSearchAttributes: [
        { key: AccountId, value: input.accountId },
        { key: CaseKind, value: CASE_KIND },
        { key: CaseRef, value: caseRef },
        { key: CaseStage, value: 'awaiting_correction' },
      ],
    });
    return { workflowId, caseRef, created: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const existing = await deps.client.workflow.getHandle(workflowId).describe();
    return { workflowId, caseRef: existing.typedSearchAttributes.get(CaseRef) ?? '', created: false };
  }
}
