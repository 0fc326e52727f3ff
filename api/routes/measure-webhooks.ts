import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  onRequestHookHandler,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal, Role } from '../../rules/roles';
import { FeedPageSchema, FeedQuerySchema } from '../../services/measure-feed';
import {
  CreatedSubscriptionSchema,
  CreateSubscriptionSchema,
  deactivateWebhookSubscription,
  createWebhookSubscription,
  FEED_ROLES,
  LIST_SUBSCRIPTION_ROLES,
  listWebhookSubscriptions,
  readMeasureFeedAs,
  SUBSCRIBE_ROLES,
  SubscriptionSchema,
  WebhookSubscriptionNotFoundError,
  type WebhookDeps,
} from '../../services/webhooks';

type ZodApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/**
 * What the API's authentication gives these routes: a gate per role list (authenticate, then check the
 * roles, and the route's OpenAPI security and error entries), the caller it proved, and the API's
 * not-found error. Passed in, so this area depends on no one way of authenticating.
 */
export interface MeasureRouteGate {
  gated(roles: readonly Role[], doc: { tags: string[]; summary: string }): {
    onRequest: onRequestHookHandler;
    schema: Record<string, unknown>;
    errors: Record<number, z.ZodType>;
  };
  caller(request: FastifyRequest): Principal;
  notFound(message: string): Error;
}

const tags = ['measures'];
const IdParams = z.object({ id: z.string().regex(/^[1-9]\d{0,17}$/, 'must be a subscription id (digits)') });

/**
 * The measures feed and webhook subscriptions (docs/WEBHOOKS.md). The logic is in
 * services/measure-feed.ts and services/webhooks.ts; this only maps it to HTTP.
 */
export function measureWebhookRoutes(app: ZodApp, deps: WebhookDeps, gate: MeasureRouteGate): void {
  const feed = gate.gated(FEED_ROLES, { tags, summary: 'Measures imposed and lifted, in commit order, after a cursor' });
  app.get('/v1/measures/feed', {
    onRequest: feed.onRequest,
    schema: { ...feed.schema, querystring: FeedQuerySchema, response: { 200: FeedPageSchema, ...feed.errors } },
    handler: async (request) => readMeasureFeedAs(deps, gate.caller(request), request.query),
  });

  const create = gate.gated(SUBSCRIBE_ROLES, { tags, summary: 'Subscribe an endpoint to the measures as signed webhooks (the secret is shown once)' });
  app.post('/v1/measures/webhooks', {
    onRequest: create.onRequest,
    schema: { ...create.schema, body: CreateSubscriptionSchema, response: { 201: CreatedSubscriptionSchema, ...create.errors } },
    handler: async (request, reply) => reply.code(201).send(await createWebhookSubscription(deps, gate.caller(request), request.body)),
  });

  const list = gate.gated(LIST_SUBSCRIPTION_ROLES, { tags, summary: 'Webhook subscriptions and how far delivery to each has got' });
  app.get('/v1/measures/webhooks', {
    onRequest: list.onRequest,
    schema: { ...list.schema, response: { 200: z.object({ subscriptions: z.array(SubscriptionSchema) }), ...list.errors } },
    handler: async (request) => ({ subscriptions: await listWebhookSubscriptions(deps, gate.caller(request)) }),
  });

  const deactivate = gate.gated(SUBSCRIBE_ROLES, { tags, summary: 'Stop deliveries to a subscription (its record stays)' });
  app.post('/v1/measures/webhooks/:id/deactivate', {
    onRequest: deactivate.onRequest,
    schema: { ...deactivate.schema, params: IdParams, response: { 200: SubscriptionSchema, ...deactivate.errors } },
    handler: async (request) => {
      try {
        return await deactivateWebhookSubscription(deps, gate.caller(request), request.params.id);
      } catch (err) {
        throw err instanceof WebhookSubscriptionNotFoundError ? gate.notFound(err.message) : err;
      }
    },
  });
}
