import { z } from 'zod';
import type { Principal, Role } from '../rules/roles';
import { parseInput } from '../schemas/errors';
import { withTransaction, type Db, type Tx } from '../store/db';
import { appendRecord } from '../store/records';
import { deactivateSubscription, getSubscription, insertSubscription, listSubscriptions, type WebhookSubscription } from '../store/webhooks';
import type { SecretBox } from '../webhooks/secret-box';
import { newWebhookSecret } from '../webhooks/signature';
import { readMeasureFeed, type FeedPage, type FeedQuery } from './measure-feed';

/**
 * The platform's side of the measures outbox: it subscribes its endpoints to signed webhooks, and may
 * read the same events as a feed. Platform services manage their own subscriptions; an admin manages
 * any; an auditor may look. The API checks roles at its gate; they are checked here again so no other
 * caller of these functions (a CLI, a test) can skip the rule.
 */
export const FEED_ROLES = ['platform', 'auditor'] as const satisfies readonly Role[];
export const SUBSCRIBE_ROLES = ['platform', 'admin'] as const satisfies readonly Role[];
export const LIST_SUBSCRIPTION_ROLES = ['platform', 'admin', 'auditor'] as const satisfies readonly Role[];

/** What webhook subscriptions need besides the store: the box their signing secrets are sealed in. */
export interface WebhookDeps {
  db: Db;
  webhookSecrets: SecretBox;
}

/** The caller's roles do not allow it; nothing changed. */
export class WebhookAccessError extends Error {
  override name = 'WebhookAccessError';
  constructor(
    message: string,
    readonly needs: readonly Role[],
  ) {
    super(message);
  }
}

/** No such subscription, or not one this caller may see. */
export class WebhookSubscriptionNotFoundError extends Error {
  override name = 'WebhookSubscriptionNotFoundError';
}

function requireRole(by: Principal, roles: readonly Role[], what: string): void {
  if (!by.roles.some((r) => roles.includes(r))) {
    throw new WebhookAccessError(`"${by.id}" (roles: ${by.roles.join(', ') || 'none'}) may not ${what}; it needs one of: ${roles.join(', ')}`, roles);
  }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The URL, when it parses as http(s); the checks after z.url() run even when it did not. */
const httpUrl = (u: string): URL | undefined => {
  try {
    const url = new URL(u);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
};

export const CreateSubscriptionSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2000)
    // The events name accounts and measures: they travel encrypted, except to this machine (development).
    .refine((u) => !httpUrl(u) || httpUrl(u)!.protocol === 'https:' || LOOPBACK.has(httpUrl(u)!.hostname), 'must be https (plain http only to localhost)')
    .refine((u) => !httpUrl(u)?.username && !httpUrl(u)?.password, 'must not carry a user or password'),
  description: z.string().max(200).default(''),
  /** 'start' (default): every event in the outbox first, so the platform learns each measure in force. */
  from: z.enum(['start', 'now']).default('start'),
});
export type CreateSubscriptionInput = z.input<typeof CreateSubscriptionSchema>;

export const SubscriptionSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  active: z.boolean(),
  deactivatedBy: z.string().nullable(),
  deactivatedAt: z.string().nullable(),
  delivery: z.object({
    /** Cursor of the last acknowledged event (a feed cursor: readMeasureFeed({ after }) shows what is still to come). */
    deliveredSeq: z.string(),
    deliveredAt: z.string().nullable(),
    /** Failed attempts at the next event; 0 when delivery is keeping up. */
    attempts: z.number(),
    nextAttemptAt: z.string(),
    lastStatus: z.number().nullable(),
    lastError: z.string().nullable(),
  }),
});
export type SubscriptionView = z.infer<typeof SubscriptionSchema>;

export const CreatedSubscriptionSchema = z.object({
  subscription: SubscriptionSchema,
  /** The HMAC signing secret. Shown this once: keep it; it cannot be read again (deactivate and subscribe anew to change it). */
  secret: z.string(),
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

function view(s: WebhookSubscription): SubscriptionView {
  return {
    id: s.id,
    url: s.url,
    description: s.description,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    active: s.active,
    deactivatedBy: s.deactivatedBy,
    deactivatedAt: iso(s.deactivatedAt),
    delivery: {
      deliveredSeq: s.deliveredSeq,
      deliveredAt: iso(s.deliveredAt),
      attempts: s.attempts,
      nextAttemptAt: s.nextAttemptAt.toISOString(),
      lastStatus: s.lastStatus,
      lastError: s.lastError,
    },
  };
}

/**
 * Where the platform's enforcement events go is part of what was done: subscribing and deactivating
 * are records in the same hash chain as the measures (Art. 19 ¶2), in the change's own transaction.
 * The URL's origin only: a path or query may carry the receiver's own token.
 */
const RECORDS_ARTICLE = '第十九条第二款';

async function recordSubscriptionChange(tx: Tx, by: Principal, action: 'measure_webhook_subscribed' | 'measure_webhook_deactivated', s: WebhookSubscription) {
  await appendRecord(tx, {
    idempotencyKey: `${action}:${s.id}`,
    caseRef: null,
    accountId: null,
    action,
    article: RECORDS_ARTICLE,
    actor: by.id,
    reason: action === 'measure_webhook_subscribed' ? 'measures delivered to a platform endpoint' : 'measures no longer delivered to that endpoint',
    evidence: { subscriptionId: s.id, origin: new URL(s.url).origin, createdBy: s.createdBy },
  });
}

export async function createWebhookSubscription(
  deps: WebhookDeps,
  by: Principal,
  body: CreateSubscriptionInput,
): Promise<{ subscription: SubscriptionView; secret: string }> {
  requireRole(by, SUBSCRIBE_ROLES, 'subscribe to measure webhooks');
  const input = parseInput(CreateSubscriptionSchema, body, 'webhook subscription');
  const secret = newWebhookSecret();
  const row = await withTransaction(deps.db, async (tx) => {
    const inserted = await insertSubscription(tx, {
      url: input.url,
      description: input.description,
      secretSealed: deps.webhookSecrets.seal(secret),
      createdBy: by.id,
      from: input.from,
    });
    await recordSubscriptionChange(tx, by, 'measure_webhook_subscribed', inserted);
    return inserted;
  });
  return { subscription: view(row), secret };
}

/** An admin or auditor sees every subscription; a platform service, its own. */
export async function listWebhookSubscriptions(deps: Pick<WebhookDeps, 'db'>, by: Principal): Promise<SubscriptionView[]> {
  requireRole(by, LIST_SUBSCRIPTION_ROLES, 'list measure webhook subscriptions');
  const all = by.roles.includes('admin') || by.roles.includes('auditor');
  return (await listSubscriptions(deps.db, all ? {} : { createdBy: by.id })).map(view);
}

const SubscriptionIdSchema = z.string().regex(/^[1-9]\d{0,17}$/, 'must be a subscription id (digits)');

/** Stops deliveries to it (an admin: any; a platform service: its own). Deactivating twice changes nothing. */
export async function deactivateWebhookSubscription(deps: Pick<WebhookDeps, 'db'>, by: Principal, id: string): Promise<SubscriptionView> {
  requireRole(by, SUBSCRIBE_ROLES, 'deactivate a measure webhook subscription');
  const subId = parseInput(SubscriptionIdSchema, id, 'subscription id');
  const existing = await getSubscription(deps.db, subId);
  // Another platform's subscription is reported as absent, not as forbidden: its existence is not ours to learn.
  if (!existing || (!by.roles.includes('admin') && existing.createdBy !== by.id)) {
    throw new WebhookSubscriptionNotFoundError(`webhook subscription ${subId}: none that "${by.id}" may manage`);
  }
  const changed = await withTransaction(deps.db, async (tx) => {
    const off = await deactivateSubscription(tx, subId, by.id);
    if (off) await recordSubscriptionChange(tx, by, 'measure_webhook_deactivated', off);
    return off;
  });
  return view(changed ?? (await getSubscription(deps.db, subId))!);
}

/** The feed, for the platform (to enforce) and the auditor (to check). */
export async function readMeasureFeedAs(deps: Pick<WebhookDeps, 'db'>, by: Principal, query: FeedQuery): Promise<FeedPage> {
  requireRole(by, FEED_ROLES, 'read the measures feed');
  return readMeasureFeed(deps.db, query);
}
