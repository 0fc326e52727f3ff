import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Sql } from '../store/db';
import { iterateRecords, type StoredRecord } from '../store/records';

/**
 * The records as a file an auditor can take away: JSON lines, one record each, in seq order, with
 * every field the hash covers. With a checkpoint and the public key, records/cli.ts verifies it
 * without a database. It holds what the records hold (reasons, evidence): keep it as the database.
 */
export const RecordLineSchema = z.strictObject({
  seq: z.string().regex(/^\d+$/, 'must be a decimal sequence number'),
  idempotencyKey: z.string(),
  caseRef: z.string().nullable(),
  accountId: z.string().nullable(),
  action: z.string(),
  article: z.string(),
  actor: z.string(),
  reason: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  at: z.iso.datetime(),
  prevHash: z.string(),
  hash: z.string(),
});

export function toLine(r: StoredRecord): string {
  return JSON.stringify({ ...r, at: r.at.toISOString() });
}

/** Writes every record to `file` as JSON lines; returns how many. */
export async function exportRecordsFile(db: Sql, file: string): Promise<number> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  let n = 0;
  try {
    for await (const r of iterateRecords(db)) {
      if (!out.write(`${toLine(r)}\n`)) await once(out, 'drain');
      n++;
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
  return n;
}

/** Reads an export back, line by line; a wrong line is an error naming the line, the field and the rule. */
export async function* readRecordsFile(file: string): AsyncGenerator<StoredRecord> {
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      throw new Error(`${file}:${n}: not JSON: ${(err as Error).message}`);
    }
    const r = RecordLineSchema.safeParse(raw);
    if (!r.success) throw new Error(`${file}:${n}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    yield { ...r.data, evidence: r.data.evidence, at: new Date(r.data.at) };
  }
}
