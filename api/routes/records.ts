import { z } from 'zod';
import { AccountIdSchema } from '../../schemas/common';
import { listRecords, verifyRecordChain } from '../../store/records';
import { gated, type RouteArea } from '../app';
import { RecordSchema, wire } from '../views';

const tags = ['records'];

/**
 * The record export (Art. 19 ¶2, 保存有关记录), for auditors. The place for the chain's verification
 * and its signed checkpoints: /v1/records/verification answers today from the hash chain alone.
 */
export const recordRoutes: RouteArea = (app, deps) => {
  const read = gated(deps, ['auditor'], { tags, summary: 'Export records (measures, decisions, roster and token changes), in order' });
  app.get('/v1/records', {
    onRequest: read.onRequest,
    schema: {
      ...read.schema,
      querystring: z.strictObject({ accountId: AccountIdSchema.optional(), caseRef: z.string().min(1).max(64).optional() }),
      response: { 200: z.object({ records: z.array(RecordSchema) }), ...read.errors },
    },
    handler: async (request) => ({ records: wire(await listRecords(deps.db, request.query)) as z.infer<typeof RecordSchema>[] }),
  });

  const verify = gated(deps, ['auditor'], { tags, summary: "Recompute the records' hash chain" });
  app.get('/v1/records/verification', {
    onRequest: verify.onRequest,
    schema: { ...verify.schema, response: { 200: z.object({ intact: z.boolean(), firstBadSeq: z.string().nullable() }), ...verify.errors } },
    handler: async () => {
      const firstBadSeq = await verifyRecordChain(deps.db);
      return { intact: firstBadSeq === null, firstBadSeq };
    },
  });
};
