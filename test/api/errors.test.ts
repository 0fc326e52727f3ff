// The API's one mapping from errors to statuses, for the errors services raise themselves: a service
// that re-checks roles (a caller other than the API cannot skip them) answers like the gate, 403
// naming the roles. Over HTTP, through an extra route area calling the service as a role-less caller.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../../api/deps';
import { buildApi } from '../../api/server';
import { parsePolicy } from '../../policy/policy';
import { listWebhookSubscriptions } from '../../services/webhooks';
import { secretBox } from '../../webhooks/secret-box';
import { migratedStore } from '../store/migrated-store';

const store = migratedStore();
let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  // No Temporal here: these routes never reach a case.
  const deps = { db: store.db(), policy: parsePolicy({}), webhookSecrets: secretBox(randomBytes(32)) } as unknown as ApiDeps;
  app = await buildApi(deps, {
    areas: [(a, d) => a.get('/test/webhooks-as-nobody', async () => listWebhookSubscriptions(d, { id: 'someone', roles: ['reviewer'] }))],
  });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app?.close());

test("a service's own role refusal is a 403 naming the roles, like the gate's", async () => {
  const r = await fetch(`${base}/test/webhooks-as-nobody`);
  expect(r.status).toBe(403);
  expect(await r.json()).toEqual({
    error: 'forbidden',
    message: '"someone" (roles: reviewer) may not list measure webhook subscriptions; it needs one of: platform, admin, auditor',
    needs: ['platform', 'admin', 'auditor'],
  });
});
