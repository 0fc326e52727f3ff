import { z } from 'zod';
import { ROLES } from '../../rules/roles';
import { OperatorIdSchema, ReasonSchema } from '../../schemas/common';
import { OperatorSchema } from '../../schemas/operators';
import { listActiveOperators } from '../../store/operators';
import { gated, type RouteArea } from '../app';
import { OperatorViewSchema } from '../views';
import { setOperator } from '../../services/operators';

const tags = ['roster'];

/** The roster entry's fields (the id is in the path) and why the admin changes it, for the record. */
const RosterChangeSchema = z.strictObject({
  displayName: OperatorSchema.shape.displayName,
  roles: OperatorSchema.shape.roles.describe(`any of: ${ROLES.join(', ')}`),
  active: z.boolean({ error: 'must be true or false' }).default(true).describe('false takes the entry off the roster: its credentials stop working'),
  reason: ReasonSchema,
});

export const RosterChangeResultSchema = z.object({
  id: z.string(),
  version: z.number(),
  told: z.number(),
  failed: z.number(),
});

/** The roster (every principal: people and platform services, with roles). Only an admin reads or changes it. */
export const rosterRoutes: RouteArea = (app, deps) => {
  const read = gated(deps, ['admin'], { tags, summary: 'The active roster entries and their roles' });
  app.get('/v1/roster', {
    onRequest: read.onRequest,
    schema: { ...read.schema, response: { 200: z.object({ operators: z.array(OperatorViewSchema) }), ...read.errors } },
    handler: async () => ({ operators: await listActiveOperators(deps.db) }),
  });

  const write = gated(deps, ['admin'], { tags, summary: 'Add or change a roster entry (recorded); open cases re-read the roster' });
  app.put('/v1/roster/:id', {
    onRequest: write.onRequest,
    schema: { ...write.schema, params: z.object({ id: OperatorIdSchema }), body: RosterChangeSchema, response: { 200: RosterChangeResultSchema, ...write.errors } },
    handler: async (request) => {
      const { reason, ...entry } = request.body;
      const out = await setOperator(deps, request.principal!, { id: request.params.id, ...entry }, reason);
      return { id: request.params.id, ...out };
    },
  });
};
