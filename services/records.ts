import { z } from 'zod';
import { listCheckpoints } from '../records/checkpoint-store';
import type { SignedCheckpoint } from '../records/checkpoint';
import { verifyChain, type ChainReport } from '../records/chain';
import { RecordLineSchema, toLine } from '../records/export';
import { parseCheckpointPublicKey } from '../records/keys';
import { parseInput } from '../schemas/errors';
import type { Sql } from '../store/db';
import { iterateRecords, pageRecords } from '../store/records';

/** The services read the store only: auditors call them (API, CLI), and they change nothing. */
export interface RecordsDeps {
  db: Sql;
}

export const RecordsPageQuerySchema = z.strictObject({
  /** Records after this seq (exclusive); "0" from the start. */
  afterSeq: z.string().regex(/^\d{1,19}$/, 'must be a decimal sequence number').default('0'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const RecordsPageSchema = z.object({
  records: z.array(RecordLineSchema),
  /** Pass as afterSeq for the next page; null at the end. */
  nextAfterSeq: z.string().nullable(),
});
export type RecordsPage = z.infer<typeof RecordsPageSchema>;

/** One page of the records, in seq order, as the export file holds them (records/export.ts). */
export async function exportRecords(deps: RecordsDeps, raw: unknown): Promise<RecordsPage> {
  const q = parseInput(RecordsPageQuerySchema, raw ?? {}, 'query');
  const rows = await pageRecords(deps.db, q.afterSeq, q.limit);
  return {
    records: rows.map((r) => JSON.parse(toLine(r)) as z.infer<typeof RecordLineSchema>),
    nextAfterSeq: rows.length === q.limit ? rows[rows.length - 1]!.seq : null,
  };
}

export const CheckpointsQuerySchema = z.strictObject({ limit: z.coerce.number().int().min(1).max(1000).default(24) });

/** The latest signed checkpoints, newest first, each with the public key it was stored with. */
export async function latestCheckpoints(deps: RecordsDeps, raw: unknown): Promise<(SignedCheckpoint & { publicKey: string })[]> {
  const q = parseInput(CheckpointsQuerySchema, raw ?? {}, 'query');
  return listCheckpoints(deps.db, q.limit);
}

export interface RecordsVerification extends ChainReport {
  /** The key the checkpoints were held against. */
  keyId: string;
  /** Stored checkpoints signed by another key (an earlier one, before rotation): not checked. */
  otherKeys: number;
}

/**
 * Verifies the whole chain in the store against the stored checkpoints signed by `publicKeyPem` (the
 * auditor's own copy: the one stored beside a checkpoint proves nothing against whoever could change
 * the table) and any checkpoint files the caller brings.
 */
export async function verifyRecords(deps: RecordsDeps, o: { publicKeyPem: string; checkpoints?: SignedCheckpoint[] }): Promise<RecordsVerification> {
  const key = parseCheckpointPublicKey(o.publicKeyPem);
  const stored = await listCheckpoints(deps.db, 100_000);
  const mine = stored.filter((c) => c.keyId === key.keyId).map(({ publicKey: _p, ...c }) => c);
  const report = await verifyChain(iterateRecords(deps.db), [...mine, ...(o.checkpoints ?? [])], key);
  return { ...report, keyId: key.keyId, otherKeys: stored.length - mine.length };
}
