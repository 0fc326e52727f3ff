import { outboxAfter, toMeasureEvent } from '../services/measure-feed';
import type { Db } from '../store/db';
import { dueSubscription, dueSubscriptionIds, recordAcknowledged, recordFailedAttempt } from '../store/webhooks';
import { retryDelayMs, type RetrySchedule } from './backoff';
import { postEvent } from './post-event';
import type { SecretBox } from './secret-box';

export interface WebhookDelivererDeps {
  db: Db;
  /** Opens the subscriptions' sealed signing secrets (WEBHOOK_SECRETS_KEY_FILE). */
  secrets: SecretBox;
}

export interface WebhookDelivererOptions {
  /** How often to look for new events and for retries that have come due. */
  pollMs?: number;
  /** How long a receiver has to answer one POST. */
  timeoutMs?: number;
  retry?: RetrySchedule;
  /** Subscriptions served at once (each holds a database connection while it is). */
  concurrency?: number;
  /** Events delivered to one subscription before it yields to the others. */
  batch?: number;
  /** Where failed attempts are reported. Ids and statuses only: never a body or a secret. */
  log?: (message: string, fields: Record<string, unknown>) => void;
}

export const WEBHOOK_DEFAULTS = {
  pollMs: 1000,
  timeoutMs: 10_000,
  retry: { baseMs: 1000, maxMs: 5 * 60_000 },
  concurrency: 4,
  batch: 100,
} as const;

/** Advisory lock class for "delivering to subscription <id>" (7233003 numbers the outbox, 7233001 migrates). */
const LOCK_CLASS = 7233007;

/**
 * Delivers every outbox event, in order, to every active subscription, until each is acknowledged.
 * At least once: the cursor (webhook_subscriptions.delivered_seq) advances in the database only after
 * a 2xx, so a deliverer stopped or killed mid-way resumes with the unacknowledged event, under the same
 * Webhook-Id. Any number of deliverers may run (one per API process): a subscription is served by the
 * one holding its session advisory lock, which the server frees if that process dies.
 */
export function startWebhookDeliverer(deps: WebhookDelivererDeps, options: WebhookDelivererOptions = {}): { stop(): Promise<void>; wake(): void } {
  const o = { ...WEBHOOK_DEFAULTS, ...options };
  const log = options.log ?? ((message, fields) => console.warn(message, JSON.stringify(fields)));
  const aborter = new AbortController();
  let stopped = false;
  let wakeSleeper: (() => void) | undefined;

  /** Delivers what is due to one subscription; the number acknowledged. */
  async function serve(id: string): Promise<number> {
    const client = await deps.db.connect();
    let broken: Error | undefined;
    try {
      const lock = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2::int) AS ok', [LOCK_CLASS, id]);
      if (!lock.rows[0]!.ok) return 0;
      try {
        let acknowledged = 0;
        while (acknowledged < o.batch && !stopped) {
          // Read again under the lock: another deliverer may have moved the cursor since the listing.
          const sub = await dueSubscription(client, id);
          if (!sub) break;
          const [row] = await outboxAfter(client, sub.deliveredSeq, 1);
          if (!row) break;
          const event = toMeasureEvent(row);
          let outcome;
          try {
            outcome = await postEvent(sub.url, deps.secrets.open(sub.secretSealed), { id: event.id, body: JSON.stringify(event) }, {
              timeoutMs: o.timeoutMs,
              signal: aborter.signal,
            });
          } catch (err) {
            outcome = { ok: false as const, status: null, error: `cannot sign: ${(err as Error).message}` };
          }
          if (outcome.ok) {
            await recordAcknowledged(client, id, sub.deliveredSeq, row.seq, outcome.status);
            acknowledged++;
            continue;
          }
          // Cut short by stop(): not the receiver's failure; the event goes again at the next start.
          if (stopped) break;
          const delayMs = retryDelayMs(sub.attempts + 1, o.retry);
          await recordFailedAttempt(client, id, sub.deliveredSeq, { status: outcome.status, error: outcome.error, delayMs });
          log('webhook delivery failed; will retry', {
            subscription: id,
            eventId: event.id,
            attempt: sub.attempts + 1,
            status: outcome.status,
            error: outcome.error,
            retryInMs: delayMs,
          });
          break;
        }
        return acknowledged;
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2::int)', [LOCK_CLASS, id]).catch((err: Error) => {
          broken = err;
        });
      }
    } catch (err) {
      broken = err as Error;
      throw err;
    } finally {
      // A connection whose unlock failed is closed, not pooled: closing it frees the lock.
      client.release(broken);
    }
  }

  async function round(): Promise<number> {
    const ids = await dueSubscriptionIds(deps.db, o.concurrency * 4);
    let acknowledged = 0;
    const queue = [...ids];
    const lanes = Array.from({ length: Math.min(o.concurrency, queue.length) }, async () => {
      for (let id = queue.shift(); id !== undefined && !stopped; id = queue.shift()) {
        try {
          acknowledged += await serve(id);
        } catch (err) {
          log('webhook delivery round failed', { subscription: id, error: (err as Error).message });
        }
      }
    });
    await Promise.all(lanes);
    return acknowledged;
  }

  const running = (async () => {
    while (!stopped) {
      let acknowledged = 0;
      try {
        acknowledged = await round();
      } catch (err) {
        // The database away for a moment: the next round tries again.
        log('webhook deliverer cannot read the database', { error: (err as Error).message });
      }
      // Progress: go straight on (more may be waiting); otherwise wait for the next poll or a wake().
      if (acknowledged === 0 && !stopped) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, o.pollMs);
          wakeSleeper = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeSleeper = undefined;
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      aborter.abort();
      wakeSleeper?.();
      await running;
    },
    wake() {
      wakeSleeper?.();
    },
  };
}
