import pg from 'pg';
import { encodeCursor, readMeasureFeed, type MeasureEvent } from '../../services/measure-feed';
import { InvalidInputError } from '../../schemas/errors';
import { migratedStore } from '../store/migrated-store';
import { allOutboxSeqs, impose, lift, seedAccount } from './measures-fixture';

/** Reads the whole feed from `after` on, page by page; the events and the cursor to resume from. */
async function drain(db: pg.Pool, after: string | undefined, limit: number): Promise<{ events: MeasureEvent[]; cursor: string | undefined }> {
  const events: MeasureEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await readMeasureFeed(db, { after: cursor, limit });
    events.push(...page.events);
    cursor = page.nextCursor;
    if (!page.hasMore) return { events, cursor };
  }
}

describe('measures feed', () => {
  const store = migratedStore();

  test('an imposed and a lifted measure read as events naming the account, the kind, the case and who acted', async () => {
    const db = store.db();
    const acc = await seedAccount(db, 'feed-shape');
    const m = await impose(db, acc, 'NC-shape');
    await lift(db, acc, 'NC-shape');
    const { events } = await drain(db, undefined, 10);
    const mine = events.filter((e) => e.accountId === acc);
    expect(mine).toEqual([
      expect.objectContaining({
        type: 'measure.imposed',
        accountId: acc,
        measure: { id: m.id, kind: 'suspend_service', caseRef: 'NC-shape', article: 'Art. 8 ¶2', endsAt: null },
        actor: 'supervisor-wang',
        reason: 'NC-shape suspend_service',
        migrated: false,
      }),
      expect.objectContaining({ type: 'measure.lifted', measure: expect.objectContaining({ id: m.id }), reason: 'NC-shape lifted' }),
    ]);
    expect(mine[0]!.id).not.toBe(mine[1]!.id);
    // The id is stable: read again, the same event has the same id.
    expect((await drain(db, undefined, 3)).events.filter((e) => e.accountId === acc).map((e) => e.id)).toEqual(mine.map((e) => e.id));
  });

  test('paged by cursor over many events: each once, in order; the last cursor yields nothing until a new event commits', async () => {
    const db = store.db();
    const acc = await seedAccount(db, 'feed-many');
    for (let i = 0; i < 60; i++) {
      await impose(db, acc, `NC-many-${i}`, i % 2 ? 'warning' : 'suspend_service');
      if (i % 3 === 0) await lift(db, acc, `NC-many-${i}`, ['suspend_service']);
    }
    const { events, cursor } = await drain(db, undefined, 7);
    expect(events.map((e) => e.id)).toEqual((await allOutboxSeqs(db)).map((s) => `me_${s}`));
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);

    const last = await readMeasureFeed(db, { after: cursor, limit: 7 });
    expect(last).toEqual({ events: [], nextCursor: cursor, hasMore: false });

    await impose(db, acc, 'NC-many-after');
    const next = await readMeasureFeed(db, { after: cursor, limit: 7 });
    expect(next.events.map((e) => e.measure.caseRef)).toEqual(['NC-many-after']);
    expect(next.nextCursor).not.toBe(cursor);
  });

  test('a bad cursor or limit is refused naming the field', async () => {
    const db = store.db();
    await expect(readMeasureFeed(db, { after: 'bm90LWEtY3Vyc29y' })).rejects.toThrow(/after: not a cursor this feed returned/);
    await expect(readMeasureFeed(db, { after: encodeCursor('1').replace(/./, '!') })).rejects.toBeInstanceOf(InvalidInputError);
    await expect(readMeasureFeed(db, { limit: 0 })).rejects.toThrow(/limit: .*>=1/);
    await expect(readMeasureFeed(db, { limit: 5000 })).rejects.toThrow(/limit: .*<=1000/);
  });

  test('a writer that took a lower seq but commits later is not skipped: later writers wait for it', async () => {
    const db = store.db();
    const acc = await seedAccount(db, 'feed-order');
    const { cursor } = await drain(db, undefined, 100);
    // Two writers that insert by hand, not through store/measures.ts (whose lock they do not take):
    // migration 007 must still keep them in commit order.
    const m = await impose(db, acc, 'NC-order');
    const insert = (c: pg.PoolClient, what: string) =>
      c.query(`INSERT INTO measure_outbox (measure_id, event, account_id, kind, case_ref, payload) VALUES ($1, 'imposed', $2, 'warning', $3, '{}')`, [
        m.id,
        acc,
        what,
      ]);
    const slow = await db.connect();
    const fast = await db.connect();
    try {
      await slow.query('BEGIN');
      await insert(slow, 'slow');
      await fast.query('BEGIN');
      const fastInsert = insert(fast, 'fast').then(() => fast.query('COMMIT'));
      await new Promise((r) => setTimeout(r, 300));
      // The slow writer has not committed: the reader sees neither, and its cursor stays.
      const during = await readMeasureFeed(db, { after: cursor });
      expect(during.events.map((e) => e.measure.caseRef)).toEqual(['NC-order']);
      await slow.query('COMMIT');
      await fastInsert;
      const after = await readMeasureFeed(db, { after: during.nextCursor });
      expect(after.events.map((e) => e.measure.caseRef)).toEqual(['slow', 'fast']);
    } finally {
      slow.release();
      fast.release();
    }
  });

  test('many concurrent writers, transactions held open at random, and a reader polling all along: the reader misses nothing', async () => {
    const db = store.db();
    const acc = await seedAccount(db, 'feed-concurrent');
    const start = (await drain(db, undefined, 100)).cursor;
    const seen: MeasureEvent[] = [];
    let writing = true;
    const reader = (async () => {
      let cursor = start;
      while (writing || cursor !== (await readMeasureFeed(db, { after: cursor, limit: 1000 })).nextCursor) {
        const page = await readMeasureFeed(db, { after: cursor, limit: 5 });
        seen.push(...page.events);
        cursor = page.nextCursor;
      }
    })();
    const writer = async (w: number) => {
      for (let i = 0; i < 15; i++) {
        const c = await db.connect();
        try {
          await c.query('BEGIN');
          await c.query(
            `INSERT INTO measure_outbox (measure_id, event, account_id, kind, case_ref, payload)
             SELECT id, 'imposed', account_id, 'warning', $2, '{}' FROM measures WHERE account_id = $1 LIMIT 1`,
            [acc, `w${w}-${i}`],
          );
          await new Promise((r) => setTimeout(r, Math.random() * 15));
          await c.query(Math.random() < 0.15 ? 'ROLLBACK' : 'COMMIT');
        } finally {
          c.release();
        }
      }
    };
    await impose(db, acc, 'NC-concurrent');
    await Promise.all([1, 2, 3, 4, 5, 6].map(writer));
    writing = false;
    await reader;
    const committed = (await db.query<{ seq: string }>('SELECT seq::text AS seq FROM measure_outbox o WHERE account_id = $1 ORDER BY o.seq', [acc])).rows;
    expect(seen.map((e) => e.id)).toEqual(committed.map((r) => `me_${r.seq}`));
  });
});
