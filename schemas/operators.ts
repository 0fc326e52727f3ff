import { z } from 'zod';
import { NO_CONTROL, OperatorIdSchema, storable, typeError } from './common';

export const OperatorSchema = z.strictObject({
  id: OperatorIdSchema,
  displayName: z.string(typeError('string', 'a string')).trim().min(1, 'must not be empty').max(100).refine(storable, NO_CONTROL),
  roles: z.array(z.enum(['reviewer', 'supervisor'], { error: 'must be reviewer or supervisor' })).min(1, 'must name at least one role'),
  active: z.boolean().default(true),
});
export type OperatorInput = z.input<typeof OperatorSchema>;
