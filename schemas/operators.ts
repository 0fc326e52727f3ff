import { z } from 'zod';
import { ROLES } from '../rules/roles';
import { NO_CONTROL, OperatorIdSchema, storable, typeError } from './common';

export const OperatorSchema = z.strictObject({
  id: OperatorIdSchema,
  displayName: z.string(typeError('string', 'a string')).trim().min(1, 'must not be empty').max(100).refine(storable, NO_CONTROL),
  roles: z.array(z.enum(ROLES, { error: `must be one of: ${ROLES.join(', ')}` })).min(1, 'must name at least one role'),
  active: z.boolean().default(true),
});
export type OperatorInput = z.input<typeof OperatorSchema>;
