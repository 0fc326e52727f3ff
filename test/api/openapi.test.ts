import { listRoutes } from '../../api/server';
import { apiStack } from './api-stack';

// The OpenAPI document as a client generator would read it: fetched over HTTP, parsed, and checked
// against the routes the app serves, both ways.
const api = apiStack();

interface Operation {
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { in: string; name: string; required?: boolean }[];
  requestBody?: { content: { 'application/json': { schema: { properties?: Record<string, unknown>; required?: string[] } } } };
  responses: Record<string, unknown>;
}
let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

beforeAll(async () => {
  const r = await api.fetch('/openapi.json');
  expect(r.status).toBe(200);
  doc = r.body;
});

const documented = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));

test('every route served is documented, and every documented route is served', () => {
  expect(doc.openapi).toMatch(/^3\./);
  const served = listRoutes(api.app).map((r) => `${r.method} ${r.url}`).filter((r) => r !== 'GET /openapi.json');
  expect(new Set(documented())).toEqual(new Set(served));
});

test('every gated operation says who may call it, needs the bearer scheme and documents 400, 401 and 403', () => {
  expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      expect(op.summary).toBeTruthy();
      // Public: the published rules and the public notices.
      if (path === '/v1/rules' || path === '/v1/public-notices') continue;
      expect({ route: `${method} ${path}`, roles: op.description }).toEqual({ route: `${method} ${path}`, roles: expect.stringMatching(/^Roles: [a-z, ]+\.$/) });
      expect(op.security).toEqual([{ bearer: [] }]);
      for (const status of ['400', '401', '403']) expect(Object.keys(op.responses)).toContain(status);
    }
  }
});

test('bodies, parameters and answers come from the same zod schemas the routes validate with', () => {
  const open = doc.paths['/v1/cases/name-correction']!.post!;
  const body = open.requestBody!.content['application/json'].schema;
  expect(Object.keys(body.properties!).sort()).toEqual(['accountId', 'findings']);
  expect(body.required).toEqual(expect.arrayContaining(['accountId', 'findings']));
  expect(Object.keys(open.responses)).toEqual(expect.arrayContaining(['201', '409']));

  const review = doc.paths['/v1/cases/name-correction/{accountId}/review']!.post!;
  expect(Object.keys(review.requestBody!.content['application/json'].schema.properties!).sort()).toEqual(['decision', 'reason', 'submissionNo']);
  expect(review.parameters).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ in: 'path', name: 'accountId', required: true }),
      expect.objectContaining({ in: 'header', name: 'idempotency-key' }),
    ]),
  );

  const queue = doc.paths['/v1/cases']!.get!;
  expect(queue.parameters!.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(['account', 'closed', 'dueWithin', 'kind', 'limit', 'stage']);
});

test('the measures feed, webhook subscriptions and record verification are documented from their schemas', () => {
  const feed = doc.paths['/v1/measures/feed']!.get!;
  expect(feed.parameters!.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(['after', 'limit']);
  expect(feed.description).toBe('Roles: platform, auditor.');
  const subscribe = doc.paths['/v1/measures/webhooks']!.post!;
  expect(Object.keys(subscribe.requestBody!.content['application/json'].schema.properties!).sort()).toEqual(['description', 'from', 'url']);
  expect(Object.keys(subscribe.responses)).toContain('201');
  const verify = doc.paths['/v1/records/verification']!.post!;
  expect(Object.keys(verify.requestBody!.content['application/json'].schema.properties!).sort()).toEqual(['checkpoints', 'publicKey']);
  expect(doc.paths['/v1/records/checkpoints']!.get!.description).toBe('Roles: auditor, admin.');
  expect(doc.paths['/v1/measures/outbox']).toBeUndefined();
});
