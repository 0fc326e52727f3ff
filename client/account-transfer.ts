import type { z } from 'zod';
import type { ConfirmApprovalSchema, ConfirmTransferSchema, OpenAccountTransferSchema, ReviewTransferSchema, SupplyMaterialsSchema, WithdrawTransferSchema } from '../schemas/account-transfer';
import type { AccountTransferState, AccountTransferSummary, ReceiverCheck } from '../workflows/account-transfer/state';
import type { ActionOptions, Json, OpenedCase } from './index';

interface CaseOps {
  open: (kind: string, body: unknown) => Promise<OpenedCase>;
  get: <T>(kind: string, accountId: string) => Promise<T>;
  act: <T>(kind: string, accountId: string, action: string, body: unknown, o?: ActionOptions) => Promise<T>;
}

const at = 'account-transfer';
type Summary = Json<AccountTransferSummary>;

/** Account transfer (Art. 11 ¶2), typed from its schemas and the case's answers. */
export function accountTransferClient(cases: CaseOps) {
  return {
    /** The holder's application, by the platform service they applied through. */
    open: (body: z.input<typeof OpenAccountTransferSchema>) => cases.open(at, body),
    get: (accountId: string) => cases.get<Json<AccountTransferState>>(at, accountId),
    supplyMaterials: (accountId: string, body: z.input<typeof SupplyMaterialsSchema>, o?: ActionOptions) => cases.act<Json<ReceiverCheck>>(at, accountId, 'supply-materials', body, o),
    confirm: (accountId: string, body: z.input<typeof ConfirmTransferSchema> = {}, o?: ActionOptions) => cases.act<Summary>(at, accountId, 'confirm', body, o),
    receiverConfirm: (accountId: string, body: z.input<typeof ConfirmTransferSchema> = {}, o?: ActionOptions) => cases.act<Summary>(at, accountId, 'receiver-confirm', body, o),
    withdraw: (accountId: string, body: z.input<typeof WithdrawTransferSchema> = {}, o?: ActionOptions) => cases.act<Summary>(at, accountId, 'withdraw', body, o),
    review: (accountId: string, body: z.input<typeof ReviewTransferSchema>, o?: ActionOptions) => cases.act<Summary>(at, accountId, 'review', body, o),
    /** Four eyes: a supervisor other than the approver and the opener. */
    confirmApproval: (accountId: string, body: z.input<typeof ConfirmApprovalSchema>, o?: ActionOptions) => cases.act<Summary>(at, accountId, 'confirm-approval', body, o),
  };
}
