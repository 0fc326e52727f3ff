import { GENESIS, hashRecord, type StoredRecord } from '../store/records';
import { signatureProblem, type SignedCheckpoint } from './checkpoint';
import type { CheckpointPublicKey } from './keys';

export interface CheckpointVerdict {
  at: string;
  headSeq: string;
  /** true: signed by the given key, and the records up to headSeq are those it saw. */
  ok: boolean;
  problem?: string;
}

export interface ChainReport {
  /** No problem at all: every link holds and every checkpoint matches. */
  intact: boolean;
  /** The last record read. */
  head: { seq: string; hash: string; count: string };
  /** The first record whose links do not hold, or null. */
  brokenAt: string | null;
  /** What is wrong, one line each (at most MAX_PROBLEMS). */
  problems: string[];
  checkpoints: CheckpointVerdict[];
}

const MAX_PROBLEMS = 50;

/**
 * Recomputes the chain over `records` (in seq order, from the first) and holds each checkpoint
 * against it: the record at its headSeq must have its headHash, with `count` records up to it. A
 * rewrite whose hashes were all recomputed keeps the links but not the head a checkpoint saw; a
 * deleted last record leaves a checkpoint pointing past the end. Reads the records once, streaming.
 */
export async function verifyChain(records: AsyncIterable<StoredRecord>, checkpoints: SignedCheckpoint[], key: CheckpointPublicKey): Promise<ChainReport> {
  const problems: string[] = [];
  const note = (p: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const verdicts = new Map<SignedCheckpoint, CheckpointVerdict>();
  const pending: SignedCheckpoint[] = [];
  for (const c of checkpoints) {
    const bad = signatureProblem(c, key);
    verdicts.set(c, { at: c.at, headSeq: c.headSeq, ok: !bad, ...(bad ? { problem: bad } : {}) });
    if (bad) note(`checkpoint of ${c.at}: ${bad}`);
    else pending.push(c);
  }
  pending.sort((a, b) => (BigInt(a.headSeq) < BigInt(b.headSeq) ? -1 : BigInt(a.headSeq) > BigInt(b.headSeq) ? 1 : 0));
  const fail = (c: SignedCheckpoint, problem: string) => {
    verdicts.set(c, { at: c.at, headSeq: c.headSeq, ok: false, problem });
    note(`checkpoint of ${c.at} (seq ${c.headSeq}): ${problem}`);
  };
  /** Checkpoints whose head lies before `seq` and was never read: that record is gone. */
  const settleMissing = (seq: bigint) => {
    while (pending.length && BigInt(pending[0]!.headSeq) < seq) fail(pending.shift()!, 'the record it signed as its head is missing');
  };
  /** Checkpoints whose head is `seq`, against the chain as it stands after that record. */
  const settleAt = (seq: bigint, hash: string, count: bigint) => {
    while (pending.length && BigInt(pending[0]!.headSeq) === seq) {
      const c = pending.shift()!;
      if (c.headHash !== hash) fail(c, `record ${c.headSeq} has hash ${hash.slice(0, 12)}…, the checkpoint signed ${c.headHash.slice(0, 12)}…: records up to it were changed`);
      else if (BigInt(c.count) !== count) fail(c, `${count} records up to ${c.headSeq}, the checkpoint counted ${c.count}`);
    }
  };

  let prev = GENESIS;
  let last = 0n;
  let count = 0n;
  let brokenAt: string | null = null;
  settleAt(0n, GENESIS, 0n);
  for await (const r of records) {
    const seq = BigInt(r.seq);
    if (seq <= last) note(`record ${r.seq} comes after ${last}: out of order`);
    settleMissing(seq);
    count++;
    const { seq: _s, at, prevHash, hash, ...fields } = r;
    const expected = hashRecord(prev, fields, at.toISOString());
    if (prevHash !== prev || hash !== expected) {
      brokenAt ??= r.seq;
      note(prevHash !== prev ? `record ${r.seq}: its prev_hash is not the hash of the record before it` : `record ${r.seq}: its hash does not match its contents`);
    }
    settleAt(seq, hash, count);
    prev = hash;
    last = seq;
  }
  for (const c of pending) fail(c, `it covers records up to ${c.headSeq}, but they end at ${last}: records were removed`);
  return {
    intact: problems.length === 0,
    head: { seq: String(last), hash: prev, count: String(count) },
    brokenAt,
    problems,
    checkpoints: checkpoints.map((c) => verdicts.get(c)!),
  };
}
