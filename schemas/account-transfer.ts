import { z } from 'zod';
import { ContactEmailSchema, SubjectSchema } from './accounts';
import { AccountIdSchema, NO_CONTROL, OperatorIdSchema, ReasonSchema, storable, typeError } from './common';
import { IdentityClaimSchema, identityMatchesSubject } from './identity';

/**
 * Account transfer (Art. 11 ¶2): what a platform service sends to open one, what the parties and the
 * operators send to act on it. The receiving side's identity is in the opening body only: the service
 * records it (hashed, sealed, masked) and the case gets the subject id and masked forms.
 */

/** The receiving side: who they are, how they prove it, where notices to them go. */
export const TransferReceiverSchema = z
  .strictObject({
    subject: SubjectSchema,
    identity: IdentityClaimSchema,
    contactEmail: ContactEmailSchema,
  })
  .superRefine(identityMatchesSubject);

export const OpenAccountTransferSchema = z
  .strictObject({
    accountId: AccountIdSchema,
    /** Who the platform says holds the account now: checked against the registry. */
    holderSubjectId: AccountIdSchema,
    receiver: TransferReceiverSchema,
    /** The holder's stated reason for the transfer, if any: recorded. */
    reason: ReasonSchema.optional(),
  })
  .superRefine((o, ctx) => {
    if (o.receiver.subject.id === o.holderSubjectId) {
      ctx.addIssue({ code: 'custom', path: ['receiver', 'subject', 'id'], message: 'must not be the holder: an account is transferred to another subject' });
    }
  });
export type OpenAccountTransfer = z.output<typeof OpenAccountTransferSchema>;

/** One finding of the receiving side's eligibility check (services/eligibility.ts), as the case keeps it. */
export const TransferFindingSchema = z.object({
  rule: z.string(),
  field: z.string(),
  detail: z.string(),
  severity: z.enum(['refuse', 'review']),
});
export type TransferFinding = z.output<typeof TransferFindingSchema>;

const text = (max: number) => z.string(typeError('string', 'a string')).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).refine(storable, NO_CONTROL);

/**
 * What the receiving side supplies when the check asked for something: a note, the qualifications it
 * has since submitted (POST /v1/qualifications), references to documents (no upload: the platform keeps
 * the files). The check runs again.
 */
export const SupplyMaterialsSchema = z.strictObject({
  note: text(2000),
  qualificationIds: z.array(z.number(typeError('number', 'a number')).int().positive(), typeError('array', 'a list')).max(10).optional(),
  documents: z
    .array(z.strictObject({ kind: text(60), issuer: text(200), reference: text(200) }), typeError('array', 'a list'))
    .max(20)
    .optional(),
});
export type SupplyMaterials = z.output<typeof SupplyMaterialsSchema>;

/** A party's confirmation (holder or receiving side): an optional statement. */
export const ConfirmTransferSchema = z.strictObject({ statement: text(2000).optional() });
export type ConfirmTransfer = z.output<typeof ConfirmTransferSchema>;

/** The holder withdraws the application: any time before the subject changes. */
export const WithdrawTransferSchema = z.strictObject({ reason: ReasonSchema.optional() });
export type WithdrawTransfer = z.output<typeof WithdrawTransferSchema>;

// Operator actions: no operator id in the body (the actor is the caller's principal).
/** The reviewer's decision, having seen the findings. */
export const ReviewTransferSchema = z.strictObject({ decision: z.enum(['approve', 'reject']), reason: ReasonSchema });
/** Four eyes: a second person (a supervisor, not the approver nor the opener) confirms or rejects the approval. */
export const ConfirmApprovalSchema = z.strictObject({ decision: z.enum(['confirm', 'reject']), reason: ReasonSchema });

const asUpdate = { operatorId: OperatorIdSchema.optional() };
export const ReviewTransferUpdateSchema = ReviewTransferSchema.extend(asUpdate);
export type ReviewTransfer = z.output<typeof ReviewTransferUpdateSchema>;
export const ConfirmApprovalUpdateSchema = ConfirmApprovalSchema.extend(asUpdate);
export type ConfirmApproval = z.output<typeof ConfirmApprovalUpdateSchema>;

/**
 * What the case is started with, once the service has recorded the receiving side's identity: ids and
 * masked forms only. No ID number, phone or e-mail address enters a workflow.
 */
export const TransferCaseInputSchema = z.strictObject({
  accountId: AccountIdSchema,
  holderSubjectId: AccountIdSchema,
  receiver: z.strictObject({
    subjectId: AccountIdSchema,
    kind: z.enum(['individual', 'organisation']),
    numberMasked: z.string().regex(/^[0-9A-Z*]{1,40}$/, 'must be a masked number'),
    phoneMasked: z.string().regex(/^[0-9*]{1,20}$/, 'must be a masked phone number'),
    verified: z.boolean(),
  }),
  reason: ReasonSchema.optional(),
});
