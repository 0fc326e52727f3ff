import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { measureWebhookRoutes, type MeasureRouteGate } from '../../api/routes/measure-webhooks';
import type { Principal, Role } from '../../rules/roles';
import { secretBox } from '../../webhooks/secret-box';
import { migratedStore } from '../store/migrated-store';
import { impose, seedAccount } from './measures-fixture';

/**
 * The routes over real HTTP. Authentication is the API's (api/auth/gate.ts) and is not under test here: a
 * bearer token names a fixed principal, and the gate checks its roles as the API's does.
 */
const PRINCIPALS: Record<string, Principal> = {
  platform: { id: 'platform-enforcer', roles: ['platform'] },
  other: { id: 'platform-other', roles: ['platform'] },
  auditor: { id: 'auditor-zhao', roles: ['auditor'] },
  reviewer: { id: 'reviewer-chen', roles: ['reviewer'] },
};
const principalOf = new WeakMap<FastifyRequest, Principal>();
const statusError = (statusCode: number, message: string) => Object.assign(new Error(message), { statusCode });
const testGate: MeasureRouteGate = {
  gated: (roles: readonly Role[], doc) => ({
    onRequest: async (request: FastifyRequest) => {
      const p = PRINCIPALS[(request.headers.authorization ?? '').replace(/^Bearer /, '')];
      if (!p) throw statusError(401, 'unauthenticated');
      if (!p.roles.some((r) => roles.includes(r))) throw statusError(403, `needs one of: ${roles.join(', ')}`);
      principalOf.set(request, p);
    },
    schema: { tags: doc.tags, summary: doc.summary },
    errors: {},
  }),
  caller: (request) => principalOf.get(request)!,
  notFound: (message) => statusError(404, message),
};

describe('measures feed and webhook routes', () => {
  const store = migratedStore();
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    const a = Fastify().withTypeProvider<ZodTypeProvider>();
    a.setValidatorCompiler(validatorCompiler);
    a.setSerializerCompiler(serializerCompiler);
    measureWebhookRoutes(a, { db: store.db(), webhookSecrets: secretBox(randomBytes(32)) }, testGate);
    base = await a.listen({ port: 0, host: '127.0.0.1' });
    app = a;
  });
  afterAll(() => app.close());

  const call = async (who: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${who}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a response body, checked field by field below
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  test('a platform subscribes (201, the secret once), lists without the secret, and deactivates; another platform cannot', async () => {
    const created = await call('platform', 'POST', '/v1/measures/webhooks', { url: 'https://platform.example/hooks' });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    const id = created.body.subscription.id;

    const listed = await call('platform', 'GET', '/v1/measures/webhooks');
    expect(listed.body.subscriptions.map((s: { id: string }) => s.id)).toEqual([id]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret);

    expect((await call('other', 'POST', `/v1/measures/webhooks/${id}/deactivate`)).status).toBe(404);
    const off = await call('platform', 'POST', `/v1/measures/webhooks/${id}/deactivate`);
    expect(off).toMatchObject({ status: 200, body: { active: false, deactivatedBy: 'platform-enforcer' } });
  });

  test('bad input is a 400 naming the field; a reviewer is a 403; nothing is stored', async () => {
    const before = (await store.db().query('SELECT count(*)::int AS n FROM webhook_subscriptions')).rows[0].n;
    const bad = await call('platform', 'POST', '/v1/measures/webhooks', { url: 'http://platform.example/hooks' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/url.*must be https/);
    expect((await call('reviewer', 'POST', '/v1/measures/webhooks', { url: 'https://x.example/h' })).status).toBe(403);
    expect((await call('platform', 'GET', '/v1/measures/feed?limit=0')).status).toBe(400);
    expect((await call('platform', 'POST', '/v1/measures/webhooks/abc/deactivate')).status).toBe(400);
    expect((await store.db().query('SELECT count(*)::int AS n FROM webhook_subscriptions')).rows[0].n).toBe(before);
  });

  test('the feed pages by cursor for the platform and the auditor', async () => {
    const acc = await seedAccount(store.db(), 'route-feed');
    for (let i = 0; i < 5; i++) await impose(store.db(), acc, `NC-route-${i}`, 'warning');
    const first = await call('auditor', 'GET', '/v1/measures/feed?limit=3');
    expect(first).toMatchObject({ status: 200, body: { hasMore: true } });
    const second = await call('platform', 'GET', `/v1/measures/feed?limit=3&after=${first.body.nextCursor}`);
    expect([...first.body.events, ...second.body.events].map((e: { measure: { caseRef: string } }) => e.measure.caseRef)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `NC-route-${i}`),
    );
    expect(second.body.hasMore).toBe(false);
    expect((await call('platform', 'GET', '/v1/measures/feed?after=garbage')).status).toBe(400);
    expect((await call('reviewer', 'GET', '/v1/measures/feed')).status).toBe(403);
  });
});
