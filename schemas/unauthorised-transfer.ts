import { z } from 'zod';
import { AccountIdSchema, IsoDateTimeSchema, typeError } from './common';
import { asUpdate, ReasonedSchema } from './case-actions';
import { caseText } from './free-text';

/**
 * Art. 11 ¶2: an account that changed hands without an approved transfer. What a platform service
 * reports is what it saw, as structured fields: never a person's name, ID or phone number.
 */
export const TRANSFER_SIGNALS = [
  'login_from_new_subject', // logins from devices and places tied to another subject
  'sale_listing', // the account offered for sale
  'credentials_changed', // login, payment or contact details changed together
  'operator_statement', // the holder or a third party says it was sold or handed over
  'other',
] as const;

export const TransferEvidenceSchema = z.strictObject({
  signals: z.array(z.enum(TRANSFER_SIGNALS), typeError('array', 'a list')).min(1, 'must name at least one signal').max(TRANSFER_SIGNALS.length),
  /** When it was seen (ISO 8601). */
  observedAt: IsoDateTimeSchema,
  /** The sale listing, where there is one. */
  listingUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048, 'must be at most 2048 characters').optional(),
  /** What was seen, in words: no personal data. */
  detail: caseText(1000),
});
export type TransferEvidence = z.output<typeof TransferEvidenceSchema>;

/** What a platform service sends to open a case; who opens it is the caller's principal. */
export const OpenUnauthorisedTransferSchema = z.strictObject({
  accountId: AccountIdSchema,
  evidence: TransferEvidenceSchema,
});
export type OpenUnauthorisedTransfer = z.output<typeof OpenUnauthorisedTransferSchema>;

/** The account holder's answer to the report, sent by a platform service on their behalf. */
export const RespondSchema = z.strictObject({ statement: caseText(2000) });
export type Respond = z.output<typeof RespondSchema>;

/** A reviewer's decision once the holder has answered or the deadline passed. */
export const DecideReportSchema = ReasonedSchema.extend({ decision: z.enum(['restore', 'terminate']) });
export const DecideReportUpdateSchema = DecideReportSchema.extend(asUpdate);
export type DecideReport = z.output<typeof DecideReportUpdateSchema>;

/** A supervisor withdraws a false report: the suspension is lifted. */
export const WithdrawReportSchema = ReasonedSchema;
export const WithdrawReportUpdateSchema = WithdrawReportSchema.extend(asUpdate);
export type WithdrawReport = z.output<typeof WithdrawReportUpdateSchema>;
