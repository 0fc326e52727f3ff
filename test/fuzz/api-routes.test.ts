/**
 * Fuzzing every route the API serves, over real HTTP with real tokens, against the real stack. The
 * routes come from the app itself (listRoutes) and their inputs from the zod schemas each route
 * declares (test/helpers/route-schemas.ts), so a new route is fuzzed without an edit here; a route
 * the test cannot derive requests for fails naming it (a path parameter without a fixture, a schema
 * the generators do not know).
 *
 * Each request comes from a caller whose role the route allows, with one part broken (mutate.ts:
 * wrong types, dropped or unknown keys, huge, blank, invisible or control characters, unicode, numbers
 * out of range, bad ids) or random (any JSON body, any string as a parameter, any query). Every answer
 * must be a status the route documents in /openapi.json (never 500), in the error body's shape; a
 * request broken in a part is a 400 naming a field of that part and a rule; and nothing changes: no
 * row of any table, no event in the open case, no workflow started. FUZZ_SEED and FUZZ_RUNS as in
 * mutate.ts; fast-check prints the seed and the request on failure.
 */
import { person } from '../helpers/identity';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import type { z } from 'zod';
import { ErrorBodySchema } from '../../api/errors';
import { listRoutes } from '../../api/server';
import { getNameCorrection } from '../../services/name-correction';
import { caseWorkflowId } from '../../workflows/case/ids';
import { apiStack, CALLERS, type CallerRole } from '../api/api-stack';
import { declaredRoutes, type RouteSchemas } from '../helpers/route-schemas';
import { FINDING, seedAccount } from '../helpers/stack';
import { eventually } from '../helpers/wait';
import { expectNamesField, fuzzParameters, invalid, valid, type Mutant } from './mutate';

const api = apiStack();
const CASE = 'fuzz-api-case'; // an open case (and its account) that broken requests aim at

/** Path parameters that name something that exists, so that the rest of a broken request meets a real case, account or token. */
const BY_NAME: Record<string, () => string> = { accountId: () => CASE, subjectId: () => `subj-${CASE}`, qualificationId: () => '1' };
const BY_ROUTE: Record<string, Record<string, () => string>> = {
  '/v1/roster/:id': { id: () => CALLERS.reviewer },
  '/v1/tokens/:id/revoke': { id: () => tokenId },
  '/v1/measures/webhooks/:id/deactivate': { id: () => '1' },
};
let tokenId: string;

/** A registration (an identity claim with valid numbers): valid() would not find a check digit by chance. */
const REGISTRATION_EXAMPLE = {
  accountId: 'fuzz-new-account',
  name: '生活记录',
  subject: { id: 'subj-fuzz-new', kind: 'individual', displayName: '张三' },
  identity: person(901, '张三'),
  contactEmail: 'fuzz-new@users.example',
  contentCategory: 'general',
  bio: '简介',
};

/**
 * Valid bodies to break, for schemas whose checks valid() cannot satisfy by chance (an e-mail address,
 * a URL of the registry's form): without one it would look for a valid value for ever.
 */
const EXAMPLE_BODIES: Record<string, unknown> = {
  'POST /v1/accounts': REGISTRATION_EXAMPLE,
  'POST /v1/cases/registration': REGISTRATION_EXAMPLE,
  'PATCH /v1/accounts/:accountId': { name: '生活记录', contactEmail: 'fuzz-new@users.example', contentCategory: 'general', bio: '简介' },
  // An auditor's copy of a checkpoint public key (SPKI PEM): a key of its own, so it verifies no checkpoint.
  // A well-formed identity (its check digits are computed, never found by chance); the register does not know it.
  'POST /v1/subjects': {
    subject: { id: 'subj-fuzz-identity', kind: 'individual', displayName: '张三' },
    identity: { kind: 'resident_id', number: '11010519491231002X', name: '张三', phone: '13800000000' },
    contactEmail: 'fuzz-identity@users.example',
  },
  'POST /v1/qualifications/:qualificationId/decision': { decision: 'verify', reason: '核验', expiresAt: '2027-06-01T00:00:00+08:00' },
  'POST /v1/records/verification': { publicKey: generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) },
};

type Part = 'params' | 'querystring' | 'body' | 'headers';
/** The order fastify validates in: the first broken part is the one a 400 names. */
const PARTS: Part[] = ['params', 'body', 'querystring', 'headers'];
/** How the error body names a field of each part (api/errors.ts): body fields bare, the others prefixed. */
const PREFIX: Record<Part, string> = { params: 'params', body: '', querystring: 'querystring', headers: 'headers' };

interface Request {
  params: Record<string, string>;
  querystring?: Record<string, string>;
  body?: unknown;
  headers: Record<string, string>;
  /** The part broken on purpose, and how. */
  broken?: { part: Part; mutant: Mutant };
}

/** A request as fast-check prints it. */
const shown = (r: Request) => Object.defineProperty(r, fc.toStringMethod, { value: () => JSON.stringify({ ...r, broken: r.broken && { part: r.broken.part, what: fc.stringify(r.broken.mutant) } }), enumerable: false });

// ---- What arrives: each part as the server reads it after HTTP has carried it ----

/** URLs and headers carry well-formed text only (a lone surrogate becomes U+FFFD on the way). */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
/** HTTP drops a header value's surrounding blanks. */
const headerValue = (s: string) => s.replace(/^[\t ]+|[\t ]+$/g, '');
/** What fetch refuses to send in a header (it throws before anything leaves): not a request this test can make. */
const unsendableHeader = (s: string) => /[^\t\x20-\x7E\x80-\xFF]/.test(s);

/** Params whose encoded form never reaches the route (empty, dot segments, past the router's limit in api/server.ts): no route's answer to check. */
const ROUTER_PARAM_LIMIT = 2048;
function reachesRoute(params: Record<string, string>): boolean {
  return Object.values(params).every((v) => v !== '' && v !== '.' && v !== '..' && encodeURIComponent(wellFormed(v)).length <= ROUTER_PARAM_LIMIT);
}

function arrived(r: Request): Partial<Record<Part, unknown>> {
  const strings = (o: Record<string, string>, f: (s: string) => string) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
  return {
    params: strings(r.params, wellFormed),
    ...(r.querystring ? { querystring: strings(r.querystring, wellFormed) } : {}),
    ...(r.body !== undefined ? { body: JSON.parse(JSON.stringify(r.body)) } : {}),
    headers: strings(r.headers, headerValue),
  };
}

// ---- Requests, derived from a route's schemas ----

function paramFixtures(route: RouteSchemas): Record<string, string> {
  const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  return Object.fromEntries(
    names.map((n) => {
      const value = BY_ROUTE[route.url]?.[n] ?? BY_NAME[n];
      if (!value) throw new Error(`no generator for ${route.route}: its path parameter "${n}" has no fixture (add one to BY_ROUTE or BY_NAME)`);
      return [n, value()];
    }),
  );
}

/** Broken and random requests for a route; GETs also get valid ones (a read changes nothing either way). */
function requests(route: RouteSchemas): fc.Arbitrary<Request> {
  const base = paramFixtures(route);
  // Queries and headers that may be empty start empty: valid() cannot make up text for a refinement
  // without a pattern (a duration, a cursor), and would look for one for ever.
  const validOf = (s: z.ZodType | undefined) => (!s ? fc.constant(undefined) : s.safeParse({}).success ? fc.constant({}) : valid(s));
  const str = <T>(a: fc.Arbitrary<T>) => a as fc.Arbitrary<unknown>;
  const example = EXAMPLE_BODIES[route.route];
  if (example !== undefined && !route.body?.safeParse(example).success) throw new Error(`${route.route}: its example body is not valid`);
  const bodies = example !== undefined ? fc.constant(example) : route.body && valid(route.body);
  const valids = fc.record({ querystring: validOf(route.querystring), body: bodies ?? fc.constant(undefined), headers: validOf(route.headers) });
  const assemble = (v: { querystring: unknown; body: unknown; headers: unknown }, change: Partial<Request> = {}): Request => ({
    params: base,
    ...(v.querystring !== undefined ? { querystring: stringify(v.querystring) } : {}),
    ...(route.body ? { body: v.body } : {}),
    headers: stringify(v.headers ?? {}),
    ...change,
  });
  const options: fc.Arbitrary<Request>[] = [];
  const mutants = (part: Part, schema: z.ZodType | undefined, opts: Parameters<typeof invalid>[1], baseValue?: fc.Arbitrary<unknown>) => {
    if (!schema) return;
    options.push(
      fc.tuple(valids, invalid(schema, { ...opts, ...(baseValue ? { base: baseValue } : {}) })).map(([v, m]) =>
        assemble(v, { [part]: part === 'body' ? m.input : stringify(m.input), broken: { part, mutant: m } }),
      ),
    );
  };
  // Path parameters are always there, as text; the fixtures are the valid values they break.
  mutants('params', route.params, { stringsOnly: true, missing: false }, fc.constant(base));
  mutants('querystring', route.querystring, { stringsOnly: true }, route.querystring && validOf(route.querystring));
  mutants('body', route.body, { jsonOnly: true }, bodies);
  mutants('headers', route.headers, { stringsOnly: true, missing: false }, route.headers && validOf(route.headers));
  // Random: any text as each parameter, any query, any JSON body.
  const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }));
  if (Object.keys(base).length) {
    options.push(fc.tuple(valids, fc.record(Object.fromEntries(Object.keys(base).map((k) => [k, anyText])))).map(([v, params]) => assemble(v, { params })));
  }
  options.push(fc.tuple(valids, fc.dictionary(anyText, anyText, { maxKeys: 4 })).map(([v, querystring]) => assemble(v, { querystring })));
  if (route.body) options.push(fc.tuple(valids, str(fc.jsonValue({ maxDepth: 3 }))).map(([v, body]) => assemble(v, { body })));
  if (route.method === 'GET') options.push(valids.map((v) => assemble(v)));
  return fc
    .oneof(...options)
    .filter((r) => reachesRoute(r.params) && !Object.values(r.headers).some(unsendableHeader))
    // A write goes only if some part is broken: a valid one would act (open a case, change the roster).
    .filter((r) => route.method === 'GET' || brokenParts(route, r).length > 0)
    .map(shown);
}

/** Query and header values as text, the way a client sends a number or a flag. */
function stringify(o: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries((o ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}

function brokenParts(route: RouteSchemas, r: Request): Part[] {
  const got = arrived(r);
  return PARTS.filter((p) => {
    const schema = route[p];
    if (!schema) return false;
    return !schema.safeParse(got[p] ?? (p === 'body' ? undefined : {})).success;
  });
}

// ---- Sending ----

function roleFor(route: RouteSchemas): CallerRole {
  return route.roles === 'public' ? 'reviewer' : route.roles[0]!;
}

async function send(route: RouteSchemas, r: Request) {
  const path = route.url.replace(/:(\w+)/g, (_, n: string) => encodeURIComponent(wellFormed(r.params[n]!)));
  const query = r.querystring && Object.keys(r.querystring).length ? `?${new URLSearchParams(r.querystring)}` : '';
  const headers = { ...r.headers, authorization: `Bearer ${api.tokens[roleFor(route)]}` };
  return api.fetch(`${path}${query}`, { method: route.method, headers, ...(r.body !== undefined ? { json: r.body } : {}) });
}

// ---- What a request could change ----

const NOT_OURS = ['workflowExecutionSignaledEventAttributes', 'workflowTaskScheduledEventAttributes', 'workflowTaskStartedEventAttributes', 'workflowTaskCompletedEventAttributes'];

async function snapshot() {
  const { db, client, taskQueue } = api.stack;
  const tables = (
    await db.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind = 'r' AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1`,
    )
  ).rows.map((r) => r.name);
  const rows: Record<string, string> = {};
  for (const t of tables) {
    const r = await db.query<{ n: string; h: string | null }>(`SELECT count(*)::text AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM "${t}" t`);
    rows[t] = `${r.rows[0]!.n}:${r.rows[0]!.h ?? ''}`;
  }
  const { events } = await client.workflow.getHandle(caseWorkflowId('name-correction', CASE)).fetchHistory();
  const history = (events ?? []).map((e) => Object.keys(e).find((k) => k.endsWith('EventAttributes') && (e as Record<string, unknown>)[k] != null)).filter((k) => !NOT_OURS.includes(k!));
  return { rows, history, state: await getNameCorrection(api.stack.deps, CASE), workflows: (await client.workflow.count(`TaskQueue = "${taskQueue}"`)).count };
}

// ---- The property ----

/** Every route the API's areas declare (the first test checks these are the routes served). */
const ROUTES = declaredRoutes();
let documented: Map<string, string[]>;
let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  const doc = (await api.fetch('/openapi.json')).body as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
  documented = new Map(
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([m, op]) => [`${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`, Object.keys(op.responses)])),
  );
  await seedAccount(api.stack.db, CASE, '国务院观察');
  await api.as('platform').nameCorrection.open({ accountId: CASE, findings: [FINDING] });
  tokenId = (await api.as('admin').tokens.create({ subject: CALLERS.reviewer, label: 'fuzz: the token the revoke route aims at' })).info.id;
  // Settled: the case has suspended the account, sent its notice and waits for the holder.
  await eventually(async () => {
    const { raw } = await api.stack.client.workflow.getHandle(caseWorkflowId('name-correction', CASE)).describe();
    expect((await getNameCorrection(api.stack.deps, CASE)).events.some((e) => e.type === 'notice_sent')).toBe(true);
    expect([raw.pendingActivities?.length ?? 0, raw.pendingWorkflowTask ?? null]).toEqual([0, null]);
  }, 30_000);
  before = await snapshot();
}, 60_000);

const served = () => listRoutes(api.app).map((r) => `${r.method} ${r.url}`).filter((r) => r !== 'GET /openapi.json');

test('every route served has a generator: its schemas are known and its path parameters have fixtures', () => {
  const missing = served().filter((r) => !ROUTES.has(r));
  expect({ routesWithoutAGenerator: missing }).toEqual({ routesWithoutAGenerator: [] });
  const underivable = served().flatMap((r) => {
    try {
      requests(ROUTES.get(r)!);
      return [];
    } catch (err) {
      return [`${r}: ${(err as Error).message}`];
    }
  });
  expect(underivable).toEqual([]);
});

test.each([...ROUTES.keys()])('%s: documented statuses only, a 400 names the broken field and a rule, nothing changes', async (name) => {
  const route = ROUTES.get(name)!;
  const statuses = documented.get(name);
  expect({ route: name, documented: statuses !== undefined }).toEqual({ route: name, documented: true });
  const documentedStatuses = statuses!;
  await fc.assert(
        fc.asyncProperty(requests(route), async (r) => {
          const res = await send(route, r);
          const where = `${name} answered ${res.status} ${JSON.stringify(res.body)}`;
          if (res.status >= 500) throw new Error(`a server error: ${where}`);
          if (!documentedStatuses.includes(String(res.status))) throw new Error(`not a documented status (${documentedStatuses.join(', ')}): ${where}`);
          if (res.status >= 400 && !ErrorBodySchema.safeParse(res.body).success) throw new Error(`not the error body's shape: ${where}`);
          const broken = brokenParts(route, r);
          if (broken.length) {
            if (res.status !== 400) throw new Error(`a request broken in ${broken.join(', ')} was not refused with 400: ${where}`);
            const issues = res.body.issues as { field: string; rule: string }[];
            const inPart = (f: string) => broken.some((p) => (PREFIX[p] ? f === PREFIX[p] || f.startsWith(`${PREFIX[p]}.`) : !PARTS.some((q) => PREFIX[q] && f.startsWith(`${PREFIX[q]}.`))));
            if (!issues?.length || !issues.every((i) => i.field && i.rule.trim() && inPart(i.field))) throw new Error(`the issues do not name fields of ${broken.join(', ')} with rules: ${where}`);
            // Broken on purpose in one part only: the issue is at the broken field.
            // fastify's JSON parser refuses a "__proto__" key (and a "constructor" with a prototype) before
            // any schema is asked: a 400 for the whole body, in its words (it says "not valid JSON").
            const prototypeKey = r.broken?.mutant.kind === 'unknown key' && ['__proto__', 'constructor'].includes(r.broken.mutant.key!);
            if (prototypeKey && issues.length === 1 && issues[0]!.field === '(input)' && /not valid JSON/.test(issues[0]!.rule)) return;
            if (r.broken && broken.length === 1 && broken[0] === r.broken.part) {
              const m = r.broken.mutant;
              const prefix = PREFIX[r.broken.part];
              expectNamesField(issues, prefix ? { ...m, path: [prefix, ...m.path] } : m);
            }
          } else if (res.status === 400) {
            throw new Error(`a request valid in every part was refused as invalid: ${where}`);
          }
        }),
        fuzzParameters(25),
      );
  expect(await snapshot()).toEqual(before);
});

test('afterwards, nothing changed: no row, no case event, no workflow', async () => {
  await new Promise((r) => setTimeout(r, 500));
  expect(await snapshot()).toEqual(before);
});
