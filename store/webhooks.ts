import type { Sql } from './db';

/** A platform's webhook endpoint and how far delivery to it has got (migrations/007_webhooks.sql). */
export interface WebhookSubscription {
  id: string;
  url: string;
  description: string;
  createdBy: string;
  createdAt: Date;
  active: boolean;
  deactivatedBy: string | null;
  deactivatedAt: Date | null;
  /** The last outbox seq the receiver acknowledged. */
  deliveredSeq: string;
  deliveredAt: Date | null;
  /** Failed attempts at the next event; 0 when the last attempt succeeded. */
  attempts: number;
  nextAttemptAt: Date;
  lastStatus: number | null;
  lastError: string | null;
}

/** The secret is not among these: only the deliverer reads it, with secretOf(). */
const COLUMNS = `id::text, url, description, created_by AS "createdBy", created_at AS "createdAt", active,
  deactivated_by AS "deactivatedBy", deactivated_at AS "deactivatedAt", delivered_seq::text AS "deliveredSeq",
  delivered_at AS "deliveredAt", attempts, next_attempt_at AS "nextAttemptAt", last_status AS "lastStatus",
  last_error AS "lastError"`;

export interface NewSubscription {
  url: string;
  description: string;
  secretSealed: string;
  createdBy: string;
  /** 'start': every event the outbox holds, then new ones; 'now': only events committed from now on. */
  from: 'start' | 'now';
}

export async function insertSubscription(db: Sql, s: NewSubscription): Promise<WebhookSubscription> {
  const r = await db.query<WebhookSubscription>(
    `INSERT INTO webhook_subscriptions (url, description, secret_sealed, created_by, delivered_seq)
     VALUES ($1, $2, $3, $4, CASE WHEN $5 = 'now' THEN (SELECT COALESCE(max(seq), 0) FROM measure_outbox) ELSE 0 END)
     RETURNING ${COLUMNS}`,
    [s.url, s.description, s.secretSealed, s.createdBy, s.from],
  );
  return r.rows[0]!;
}

export async function listSubscriptions(db: Sql, filter: { createdBy?: string } = {}): Promise<WebhookSubscription[]> {
  const r = await db.query<WebhookSubscription>(
    `SELECT ${COLUMNS} FROM webhook_subscriptions WHERE ($1::text IS NULL OR created_by = $1) ORDER BY id`,
    [filter.createdBy ?? null],
  );
  return r.rows;
}

export async function getSubscription(db: Sql, id: string): Promise<WebhookSubscription | undefined> {
  const r = await db.query<WebhookSubscription>(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = $1`, [id]);
  return r.rows[0];
}

/** Stops deliveries to it; its state stays for the record. Returns it deactivated; undefined when it was not active. */
export async function deactivateSubscription(db: Sql, id: string, by: string): Promise<WebhookSubscription | undefined> {
  const r = await db.query<WebhookSubscription>(
    `UPDATE webhook_subscriptions SET active = false, deactivated_by = $2, deactivated_at = now()
     WHERE id = $1 AND active RETURNING ${COLUMNS}`,
    [id, by],
  );
  return r.rows[0];
}

/** Active subscriptions due for an attempt that have an event waiting, the longest-waiting first. */
export async function dueSubscriptionIds(db: Sql, limit: number): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    `SELECT id::text FROM webhook_subscriptions
     WHERE active AND next_attempt_at <= now()
       AND EXISTS (SELECT 1 FROM measure_outbox o WHERE o.seq > delivered_seq)
     ORDER BY next_attempt_at LIMIT $1`,
    [limit],
  );
  return r.rows.map((row) => row.id);
}

/** The sealed secret and state of a subscription still due, or undefined (deactivated, or not yet due). */
export async function dueSubscription(db: Sql, id: string): Promise<(WebhookSubscription & { secretSealed: string }) | undefined> {
  const r = await db.query<WebhookSubscription & { secretSealed: string }>(
    `SELECT ${COLUMNS}, secret_sealed AS "secretSealed" FROM webhook_subscriptions
     WHERE id = $1 AND active AND next_attempt_at <= now()`,
    [id],
  );
  return r.rows[0];
}

/**
 * The receiver acknowledged the event after `fromSeq`: the cursor moves to `toSeq`. Compare-and-set on
 * the old cursor: were two deliverers ever to hold the same subscription, only one advance would count.
 */
export async function recordAcknowledged(db: Sql, id: string, fromSeq: string, toSeq: string, status: number): Promise<boolean> {
  const r = await db.query(
    `UPDATE webhook_subscriptions SET delivered_seq = $3, delivered_at = now(), attempts = 0, next_attempt_at = now(),
       last_status = $4, last_error = NULL
     WHERE id = $1 AND delivered_seq = $2`,
    [id, fromSeq, toSeq, status],
  );
  return r.rowCount === 1;
}

/** An attempt failed: the cursor stays; the next attempt waits `delayMs`. */
export async function recordFailedAttempt(
  db: Sql,
  id: string,
  fromSeq: string,
  failure: { status: number | null; error: string; delayMs: number },
): Promise<void> {
  await db.query(
    `UPDATE webhook_subscriptions SET attempts = attempts + 1, next_attempt_at = now() + $5 * interval '1 millisecond',
       last_status = $3, last_error = $4
     WHERE id = $1 AND delivered_seq = $2`,
    [id, fromSeq, failure.status, failure.error.slice(0, 500), failure.delayMs],
  );
}
