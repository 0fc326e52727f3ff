import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sql } from '../store/db';
import { GENESIS, iterateRecords } from '../store/records';
import { checkpointFileName, PUBLIC_KEY_FILE, signCheckpoint, type SignedCheckpoint } from './checkpoint';
import { listCheckpoints, insertCheckpoint } from './checkpoint-store';
import { verifyChain, type ChainReport } from './chain';
import { parseCheckpointPublicKey, type CheckpointSigningKey } from './keys';

/** The chain does not verify: no checkpoint is signed over it, and someone must look. */
export class RecordChainBrokenError extends Error {
  override name = 'RecordChainBrokenError';
  constructor(readonly report: ChainReport) {
    super(`the record chain does not verify, so no checkpoint was signed: ${report.problems.slice(0, 5).join('; ')}`);
  }
}

/**
 * Makes a checkpoint of the chain's head: reads the head, verifies every record up to it (and the
 * earlier checkpoints this key signed), signs, stores the checkpoint in record_checkpoints and writes
 * it to `dir` as a JSON file, with the public key beside it. Signs nothing over a broken chain.
 */
export async function makeCheckpoint(db: Sql, key: CheckpointSigningKey, dir: string, now = new Date()): Promise<{ checkpoint: SignedCheckpoint; file: string }> {
  // One statement, one snapshot: record writers commit in seq order (store/records.ts holds a lock
  // from reading the head to commit), so any snapshot holds a whole prefix of the chain.
  const head = (
    await db.query<{ seq: string; count: string; hash: string | null }>(
      `SELECT s.seq::text AS seq, s.count::text AS count, (SELECT hash FROM records WHERE seq = s.seq) AS hash
       FROM (SELECT COALESCE(max(seq), 0) AS seq, count(*) AS count FROM records) s`,
    )
  ).rows[0]!;
  const publicKey = parseCheckpointPublicKey(key.publicKeyPem);
  const earlier = (await listCheckpoints(db)).filter((c) => c.keyId === key.keyId && BigInt(c.headSeq) <= BigInt(head.seq));
  const report = await verifyChain(iterateRecords(db, { untilSeq: head.seq }), earlier, publicKey);
  if (!report.intact) throw new RecordChainBrokenError(report);

  const checkpoint = signCheckpoint({ headSeq: head.seq, headHash: head.hash ?? GENESIS, count: head.count, at: now.toISOString() }, key);
  await insertCheckpoint(db, checkpoint, key.publicKeyPem);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, checkpointFileName(checkpoint));
  writeFileSync(file, `${JSON.stringify(checkpoint, null, 2)}\n`);
  writeFileSync(join(dir, PUBLIC_KEY_FILE), key.publicKeyPem);
  return { checkpoint, file };
}
