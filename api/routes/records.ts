import { z } from 'zod';
import { SignedCheckpointSchema } from '../../records/checkpoint';
import { parseCheckpointPublicKey } from '../../records/keys';
import { AccountIdSchema } from '../../schemas/common';
import { CheckpointsQuerySchema, exportRecords, latestCheckpoints, RecordsPageQuerySchema, RecordsPageSchema, verifyRecords } from '../../services/records';
import { listRecords } from '../../store/records';
import { gated, type RouteArea } from '../app';
import { RecordSchema, wire } from '../views';

const tags = ['records'];

/** A PEM the checkpoints can be held against: refused here (400, naming the field) rather than failing inside. */
const PublicKeyPemSchema = z
  .string()
  .min(1, 'must be a PEM public key')
  .max(4000, 'must be at most 4000 characters')
  .superRefine((pem, ctx) => {
    try {
      parseCheckpointPublicKey(pem);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `must be the checkpoints' Ed25519 public key (SPKI PEM): ${(err as Error).message.replace(/^the public key: /, '')}` });
    }
  });

export const VerifyRecordsBodySchema = z.strictObject({
  /** The auditor's own copy of the checkpoint public key: the one stored beside the checkpoints proves nothing against whoever can write that table. */
  publicKey: PublicKeyPemSchema.describe("the checkpoints' public key (SPKI PEM), from your own copy"),
  /** Checkpoints the auditor kept elsewhere (files from CHECKPOINT_DIR), held against the chain too. */
  checkpoints: z.array(SignedCheckpointSchema).max(1000, 'must be at most 1000 checkpoints').default([]),
});

export const RecordsVerificationSchema = z.object({
  intact: z.boolean().describe('every link holds and every checkpoint matches'),
  head: z.object({ seq: z.string(), hash: z.string(), count: z.string() }),
  brokenAt: z.string().nullable().describe('the first record whose links do not hold'),
  problems: z.array(z.string()),
  checkpoints: z.array(z.object({ at: z.string(), headSeq: z.string(), ok: z.boolean(), problem: z.string().optional() })),
  keyId: z.string().describe('the key the checkpoints were held against'),
  otherKeys: z.number().describe('stored checkpoints signed by another key, not checked'),
});

export const StoredCheckpointSchema = SignedCheckpointSchema.extend({ publicKey: z.string().describe('the public key stored with it: compare with your own copy') });

/**
 * The records (Art. 19 ¶2, 保存有关记录) for auditors: a filtered list, the export in pages, the
 * signed checkpoints, and verification of the chain against them (docs/RECORDS.md).
 */
export const recordRoutes: RouteArea = (app, deps) => {
  const read = gated(deps, ['auditor'], { tags, summary: 'Records (measures, decisions, roster and token changes) of an account or a case, in order' });
  app.get('/v1/records', {
    onRequest: read.onRequest,
    schema: {
      ...read.schema,
      querystring: z.strictObject({ accountId: AccountIdSchema.optional(), caseRef: z.string().min(1).max(64).optional() }),
      response: { 200: z.object({ records: z.array(RecordSchema) }), ...read.errors },
    },
    handler: async (request) => ({ records: wire(await listRecords(deps.db, request.query)) as z.infer<typeof RecordSchema>[] }),
  });

  const exported = gated(deps, ['auditor'], { tags, summary: 'Every record, in seq order, a page at a time (the lines of an export file)' });
  app.get('/v1/records/export', {
    onRequest: exported.onRequest,
    schema: { ...exported.schema, querystring: RecordsPageQuerySchema, response: { 200: RecordsPageSchema, ...exported.errors } },
    handler: async (request) => exportRecords(deps, request.query),
  });

  const checkpoints = gated(deps, ['auditor', 'admin'], { tags, summary: 'The latest signed checkpoints of the record chain, newest first' });
  app.get('/v1/records/checkpoints', {
    onRequest: checkpoints.onRequest,
    schema: { ...checkpoints.schema, querystring: CheckpointsQuerySchema, response: { 200: z.object({ checkpoints: z.array(StoredCheckpointSchema) }), ...checkpoints.errors } },
    handler: async (request) => ({ checkpoints: await latestCheckpoints(deps, request.query) }),
  });

  // POST: it carries the auditor's public key (and kept checkpoints); it changes nothing.
  const verify = gated(deps, ['auditor'], { tags, summary: "Recompute the records' hash chain and hold it against the signed checkpoints" });
  app.post('/v1/records/verification', {
    onRequest: verify.onRequest,
    schema: { ...verify.schema, body: VerifyRecordsBodySchema, response: { 200: RecordsVerificationSchema, ...verify.errors } },
    handler: async (request) => verifyRecords(deps, { publicKeyPem: request.body.publicKey, checkpoints: request.body.checkpoints }),
  });
};
