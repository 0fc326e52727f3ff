import { z } from 'zod';
import { listOutbox } from '../../store/measures';
import { gated, type RouteArea } from '../app';
import { OutboxEventSchema, wire } from '../views';

/**
 * The measures outbox: every measure imposed or lifted, in order, for platform services to apply
 * (stop serving a suspended account). Read from a cursor; feeds and webhooks build on this.
 */
export const measureRoutes: RouteArea = (app, deps) => {
  const read = gated(deps, ['platform', 'auditor'], { tags: ['measures'], summary: 'Measures imposed and lifted, in order, after a cursor' });
  app.get('/v1/measures/outbox', {
    onRequest: read.onRequest,
    schema: {
      ...read.schema,
      querystring: z.strictObject({
        afterSeq: z.string().regex(/^\d{1,19}$/, 'must be a sequence number (digits)').optional().describe('the last seq you have applied'),
        limit: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000').default(100),
      }),
      response: { 200: z.object({ events: z.array(OutboxEventSchema), nextAfterSeq: z.string().describe('pass as afterSeq next time') }), ...read.errors },
    },
    handler: async (request) => {
      const events = await listOutbox(deps.db, request.query);
      return { events: wire(events) as z.infer<typeof OutboxEventSchema>[], nextAfterSeq: events.at(-1)?.seq ?? request.query.afterSeq ?? '0' };
    },
  });
};
