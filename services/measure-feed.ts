import { z } from 'zod';
import { InvalidInputError, parseInput } from '../schemas/errors';
import type { Sql } from '../store/db';
import { MEASURE_KINDS, type OutboxEvent } from '../store/measures';

/**
 * The measures outbox as the platform reads it: one event per measure imposed or lifted, in the order
 * the changes committed (migration 007 numbers the outbox so), paged by an opaque cursor. The same
 * event is a webhook's body (webhooks/deliverer.ts), so a platform may use either, or both.
 */
export const MeasureEventSchema = z.object({
  /** Stable across redeliveries and feed reads: the receiver's key for ignoring a duplicate. */
  id: z.string(),
  type: z.enum(['measure.imposed', 'measure.lifted']),
  /** When the change was made (its transaction's time, ISO 8601). Order by the feed, not by this: seconds can tie or cross. */
  at: z.string(),
  accountId: z.string(),
  measure: z.object({
    id: z.string(),
    kind: z.enum(MEASURE_KINDS),
    /** The case or decision behind it; null only for measures migrated from the old status column. */
    caseRef: z.string().nullable(),
    article: z.string().nullable(),
    /** Until when an imposed measure runs; null: until lifted. Absent on 'lifted'. */
    endsAt: z.string().nullable().optional(),
  }),
  /** Who imposed or lifted it (an operator id, or a case's automatic step), and why. */
  actor: z.string().nullable(),
  reason: z.string().nullable(),
  /** The hash-chained record of the change (records.seq), for an auditor to follow. */
  recordSeq: z.string().nullable(),
  /** true for the measures migration 003 made from the old account status. */
  migrated: z.boolean(),
});
export type MeasureEvent = z.infer<typeof MeasureEventSchema>;

const eventId = (seq: string) => `me_${seq}`;

export function toMeasureEvent(row: OutboxEvent): MeasureEvent {
  const p = row.payload as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : v == null ? null : String(v));
  return {
    id: eventId(row.seq),
    type: row.event === 'imposed' ? 'measure.imposed' : 'measure.lifted',
    at: row.at.toISOString(),
    accountId: row.accountId,
    measure: {
      id: String(row.measureId),
      kind: row.kind,
      caseRef: row.caseRef,
      article: str(p.article),
      ...(row.event === 'imposed' ? { endsAt: str(p.endsAt) } : {}),
    },
    actor: str(p.actor),
    reason: str(p.reason),
    recordSeq: str(p.recordSeq),
    migrated: p.migrated === true,
  };
}

/** Cursors are opaque to the platform: `v1:<seq>` in base64url, so the encoding can change. */
export function encodeCursor(seq: string): string {
  return Buffer.from(`v1:${seq}`).toString('base64url');
}

const seqOfCursor = (cursor: string): string | undefined => /^v1:(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))?.[1];

/** The outbox seq a cursor stands for; '0' for none. A cursor this service did not make is bad input. */
export function decodeCursor(cursor: string | undefined): string {
  if (cursor === undefined) return '0';
  const seq = seqOfCursor(cursor);
  if (!seq) {
    throw new InvalidInputError(`invalid feed query: after: not a cursor this feed returned`, [
      { field: 'after', rule: 'not a cursor this feed returned' },
    ]);
  }
  return seq;
}

export const FeedQuerySchema = z.object({
  /** The nextCursor of the previous page; absent: from the first event. */
  after: z.string().max(100).refine((c) => seqOfCursor(c) !== undefined, 'not a cursor this feed returned').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export type FeedQuery = z.input<typeof FeedQuerySchema>;

export const FeedPageSchema = z.object({
  events: z.array(MeasureEventSchema),
  /** Pass as `after` for the next page. On the last page it is still returned: it yields nothing until new events commit. */
  nextCursor: z.string(),
  /** More events are already there: read again at once rather than waiting. */
  hasMore: z.boolean(),
});
export type FeedPage = z.infer<typeof FeedPageSchema>;

const OUTBOX_COLUMNS = `seq, measure_id AS "measureId", event, account_id AS "accountId", kind, case_ref AS "caseRef", at, payload`;

/** Outbox rows after a seq, in seq order: the feed's and the deliverer's one query. */
export async function outboxAfter(db: Sql, afterSeq: string, limit: number): Promise<OutboxEvent[]> {
  const r = await db.query<OutboxEvent>(
    `SELECT ${OUTBOX_COLUMNS} FROM measure_outbox WHERE seq > $1::bigint ORDER BY seq LIMIT $2`,
    [afterSeq, limit],
  );
  return r.rows.map((row) => ({ ...row, seq: String(row.seq), measureId: String(row.measureId) }));
}

/** One page of the feed. Nothing is consumed: any number of readers, each with its own cursor. */
export async function readMeasureFeed(db: Sql, query: FeedQuery = {}): Promise<FeedPage> {
  const q = parseInput(FeedQuerySchema, query, 'feed query');
  const after = decodeCursor(q.after);
  const rows = await outboxAfter(db, after, q.limit + 1);
  const page = rows.slice(0, q.limit);
  return {
    events: page.map(toMeasureEvent),
    nextCursor: encodeCursor(page.at(-1)?.seq ?? after),
    hasMore: rows.length > q.limit,
  };
}
