import { z } from 'zod';
import { OperatorIdSchema, ReasonSchema, typeError } from './common';

/**
 * Operator actions every process shares: the reasoned body, and four eyes on terminating service.
 * The bodies callers send carry no operator id (the actor is the caller's principal).
 */

/** Every operator action says why: the reason goes into the record (Art. 19). */
export const ReasonedSchema = z.strictObject({ reason: ReasonSchema });

// Four eyes on terminating service: one operator proposes, a second supervisor confirms or rejects.
// Confirming and rejecting name the proposal, so that nobody confirms one they have not seen.
const ProposalNoSchema = z.number(typeError('number', 'a number')).int().positive();
export const ProposeTerminationSchema = ReasonedSchema;
export const ConfirmTerminationSchema = ReasonedSchema.extend({ proposalNo: ProposalNoSchema });
export const RejectTerminationSchema = ReasonedSchema.extend({ proposalNo: ProposalNoSchema });

/**
 * What the case's update carries: the body, and the operator id the services add. Cases opened before
 * actions were signed take the actor from it; signed ones take it from the seal and refuse a different
 * one. Histories of those older cases hold it, so a case must still parse it.
 */
export const asUpdate = { operatorId: OperatorIdSchema.optional() };
export const ProposeTerminationUpdateSchema = ProposeTerminationSchema.extend(asUpdate);
export type ProposeTermination = z.output<typeof ProposeTerminationUpdateSchema>;
export const ConfirmTerminationUpdateSchema = ConfirmTerminationSchema.extend(asUpdate);
export type ConfirmTermination = z.output<typeof ConfirmTerminationUpdateSchema>;
export const RejectTerminationUpdateSchema = RejectTerminationSchema.extend(asUpdate);
export type RejectTermination = z.output<typeof RejectTerminationUpdateSchema>;
