import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ConfirmApproval, ConfirmTransfer, ReviewTransfer, SupplyMaterials, WithdrawTransfer } from '../../schemas/account-transfer';
import type { ActionSeal } from '../../security/action-seal';
import type { OpeningCase } from '../case/case';
import type { ProcessInfo } from '../case/process';
import type { AccountTransferState, AccountTransferSummary, ReceiverCheck } from './state';

/**
 * The messages an account-transfer case answers (Art. 11 ¶2). Inputs are validated by
 * schemas/account-transfer.ts, in the services and again in the case. Every action is [input, seal].
 */

/** The receiving side supplies what its check asked for (sent by a platform service for it); the check runs again. */
export const supplyMaterials = defineUpdate<ReceiverCheck, [SupplyMaterials, ActionSeal?]>('supplyMaterials');
/** The account holder confirms the transfer (through a platform service). */
export const holderConfirm = defineUpdate<AccountTransferSummary, [ConfirmTransfer, ActionSeal?]>('holderConfirm');
/** The receiving side confirms the transfer (through a platform service; the seal names `receiver:<accountId>`). */
export const receiverConfirm = defineUpdate<AccountTransferSummary, [ConfirmTransfer, ActionSeal?]>('receiverConfirm');
/** The account holder withdraws the application, any time before the subject changes. */
export const withdrawTransfer = defineUpdate<AccountTransferSummary, [WithdrawTransfer, ActionSeal?]>('withdrawTransfer');
/** A reviewer approves or rejects, having seen the findings. */
export const reviewTransfer = defineUpdate<AccountTransferSummary, [ReviewTransfer, ActionSeal?]>('reviewTransfer');
/** Four eyes: a supervisor other than the approver and the opener confirms or rejects the approval. */
export const confirmApproval = defineUpdate<AccountTransferSummary, [ConfirmApproval, ActionSeal?]>('confirmApproval');

/** The case: stage, deadline, checks, confirmations, decisions and every event with its author. */
export const getCase = defineQuery<AccountTransferState | OpeningCase>('getCase');

export const ACCOUNT_TRANSFER = {
  kind: 'account-transfer',
  workflowType: 'accountTransfer',
  refPrefix: 'AT',
  article: '第十一条第二款',
  title: 'Account transfer 账号迁移',
  firstStage: 'checking',
  permissions: {
    // A transfer is the holder's application, sent by the platform service they applied through.
    open: ['platform'],
    reviewTransfer: ['reviewer', 'supervisor'],
    confirmApproval: ['supervisor'],
  },
  getCase,
} as const satisfies ProcessInfo;
