import { OperatorActionSchema } from '../../../schemas/common';
import { ExtendDeadlineSchema as ExtendBody, ReviewCorrectionSchema as ReviewBody } from '../../../schemas/name-correction';

/**
 * The operator actions as cases before the case layer parse them: the operator id is a required field
 * of the input (the services still send it). Frozen with v1: its histories replay on these.
 */
export const ReviewCorrectionSchema = OperatorActionSchema.extend(ReviewBody.shape);
export const ExtendDeadlineSchema = OperatorActionSchema.extend(ExtendBody.shape);
export const WithdrawCaseSchema = OperatorActionSchema;
