import type { Principal } from '../rules/roles';
import {
  ConfirmApprovalSchema,
  ConfirmTransferSchema,
  OpenAccountTransferSchema,
  ReviewTransferSchema,
  SupplyMaterialsSchema,
  TransferCaseInputSchema,
  WithdrawTransferSchema,
} from '../schemas/account-transfer';
import { parseInput } from '../schemas/errors';
import {
  ACCOUNT_TRANSFER,
  confirmApproval,
  getCase,
  holderConfirm,
  receiverConfirm,
  reviewTransfer,
  supplyMaterials,
  withdrawTransfer,
} from '../workflows/account-transfer/messages';
import { CaseRef } from '../workflows/search-attributes';
import { checkTransferPreconditions } from './account-transfer/preconditions';
import { recordReceiver } from './account-transfer/receiver';
import { caseHandle, readCase, sendAction, type ActionOptions } from './case/handle';
import { openCase, type OpenedCase } from './case/open';
import type { ProcessApi } from './case/process-api';
import type { ServiceDeps } from './deps';

/**
 * What platform services, the API and the CLI call for account transfer (Art. 11 ¶2): one function per
 * action. `by` is the caller as their credential proves it; the parties act through a platform service.
 */

/** The transfer already open for the account, if there is one: a second application gets it back (409). */
async function openTransfer(deps: ServiceDeps, accountId: string): Promise<OpenedCase | undefined> {
  const handle = caseHandle(deps, ACCOUNT_TRANSFER, accountId);
  const d = await handle.describe().catch(() => undefined);
  if (d?.status.name !== 'RUNNING') return undefined;
  return { workflowId: handle.workflowId, caseRef: d.typedSearchAttributes.get(CaseRef) ?? '', created: false };
}

/**
 * The holder applies (through a platform service): the preconditions are checked, the receiving side's
 * identity recorded and verified, and the case started with ids and masked forms only. Any refusal:
 * nothing starts.
 */
export async function openAccountTransfer(deps: ServiceDeps, by: Principal, raw: unknown): Promise<OpenedCase> {
  const o = parseInput(OpenAccountTransferSchema, raw, 'account-transfer case');
  await checkTransferPreconditions(deps, o);
  const existing = await openTransfer(deps, o.accountId);
  if (existing) return existing;
  const identity = await recordReceiver(deps, by, o.receiver);
  const input = {
    accountId: o.accountId,
    holderSubjectId: o.holderSubjectId,
    receiver: { subjectId: identity.subjectId, kind: o.receiver.subject.kind, numberMasked: identity.numberMasked, phoneMasked: identity.phoneMasked, verified: identity.verified },
    ...(o.reason ? { reason: o.reason } : {}),
  };
  return openCase(deps, by, ACCOUNT_TRANSFER, TransferCaseInputSchema, input);
}

/** The receiving side supplies what its check asked for; the check runs again (its result is returned). */
export const supplyTransferMaterials = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, ACCOUNT_TRANSFER, accountId, supplyMaterials, SupplyMaterialsSchema, raw, { ...opts, actingFor: 'receiver' });

/** The account holder confirms. */
export const confirmTransferAsHolder = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown = {}, opts?: ActionOptions) =>
  sendAction(deps, by, ACCOUNT_TRANSFER, accountId, holderConfirm, ConfirmTransferSchema, raw, { ...opts, actingFor: 'holder' });

/** The receiving side confirms (its action is sealed as `receiver:<accountId>`). */
export const confirmTransferAsReceiver = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown = {}, opts?: ActionOptions) =>
  sendAction(deps, by, ACCOUNT_TRANSFER, accountId, receiverConfirm, ConfirmTransferSchema, raw, { ...opts, actingFor: 'receiver' });

/** The account holder withdraws the application (any time before the subject changes). */
export const withdrawAccountTransfer = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown = {}, opts?: ActionOptions) =>
  sendAction(deps, by, ACCOUNT_TRANSFER, accountId, withdrawTransfer, WithdrawTransferSchema, raw, { ...opts, actingFor: 'holder' });

/** A reviewer approves or rejects, having seen the findings. */
export const reviewAccountTransfer = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, ACCOUNT_TRANSFER, accountId, reviewTransfer, ReviewTransferSchema, raw, { ...opts, actingFor: 'operator' });

/** Four eyes: a supervisor (not the approver, not the opener) confirms or rejects the approval. */
export const confirmAccountTransferApproval = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, ACCOUNT_TRANSFER, accountId, confirmApproval, ConfirmApprovalSchema, raw, { ...opts, actingFor: 'operator' });

/** The case as it stands: stage, deadline, checks, confirmations, decisions and every event. */
export const getAccountTransfer = (deps: ServiceDeps, accountId: string) => readCase(deps, ACCOUNT_TRANSFER, accountId, getCase);

/** Account transfer as the HTTP API serves it (services/processes.ts lists it). */
export const accountTransferApi: ProcessApi = {
  process: ACCOUNT_TRANSFER,
  open: { body: OpenAccountTransferSchema, roles: ACCOUNT_TRANSFER.permissions.open, run: openAccountTransfer },
  read: getAccountTransfer,
  actions: [
    { name: 'supply-materials', summary: 'The receiving side supplies what its check asked for (a platform service, on its behalf); the check runs again', body: SupplyMaterialsSchema, result: undefined, roles: ['platform'], run: supplyTransferMaterials },
    { name: 'confirm', summary: "The account holder confirms the transfer (a platform service, on the holder's behalf)", body: ConfirmTransferSchema, result: undefined, roles: ['platform'], run: confirmTransferAsHolder },
    { name: 'receiver-confirm', summary: 'The receiving side confirms the transfer (a platform service, on its behalf)', body: ConfirmTransferSchema, result: undefined, roles: ['platform'], run: confirmTransferAsReceiver },
    { name: 'withdraw', summary: "The account holder withdraws the application (a platform service, on the holder's behalf)", body: WithdrawTransferSchema, result: undefined, roles: ['platform'], run: withdrawAccountTransfer },
    { name: 'review', summary: 'Approve or reject the transfer, having seen the findings', body: ReviewTransferSchema, result: undefined, roles: ACCOUNT_TRANSFER.permissions.reviewTransfer, run: reviewAccountTransfer },
    { name: 'confirm-approval', summary: 'Four eyes: confirm or reject the approval (a supervisor, not the approver nor the opener)', body: ConfirmApprovalSchema, result: undefined, roles: ACCOUNT_TRANSFER.permissions.confirmApproval, run: confirmAccountTransferApproval },
  ],
};
