import { z } from 'zod';
import { OperatorIdSchema } from './common';

export const OperatorSchema = z.strictObject({
  id: OperatorIdSchema,
  displayName: z.string({ error: 'is required' }).trim().min(1, 'must not be empty').max(100),
  roles: z.array(z.enum(['reviewer', 'supervisor'], { error: 'must be reviewer or supervisor' })).min(1, 'must name at least one role'),
  active: z.boolean().default(true),
});
export type OperatorInput = z.input<typeof OperatorSchema>;
