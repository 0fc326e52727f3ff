import { caller } from '../auth/gate';
import { gated, type RouteArea } from '../app';
import { NotFoundError } from '../errors';
import { measureWebhookRoutes } from './measure-webhooks';

/**
 * The measures area: the feed (every measure imposed or lifted, in commit order, paged by cursor) and
 * the webhook subscriptions that push the same events (docs/WEBHOOKS.md). The routes are in
 * measure-webhooks.ts; here they get the API's gate, so they answer 401/403 like every other route.
 */
export const measureRoutes: RouteArea = (app, deps) =>
  measureWebhookRoutes(app, deps, {
    gated: (roles, doc) => gated(deps, roles, doc),
    caller,
    notFound: (message) => new NotFoundError(message),
  });
