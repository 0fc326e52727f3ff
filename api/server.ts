import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ZodApp, RouteArea } from './app';
import type { ApiDeps } from './deps';
import { installErrorHandler } from './errors';
import { accountRoutes } from './routes/accounts';
import { caseRoutes } from './routes/cases';
import { measureRoutes } from './routes/measures';
import { meRoutes } from './routes/me';
import { noticeRoutes } from './routes/notices';
import { queueRoutes } from './routes/queue';
import { recordRoutes } from './routes/records';
import { rosterRoutes } from './routes/roster';
import { ruleRoutes } from './routes/rules';
import { subjectRoutes } from './routes/subjects';
import { qualificationRoutes } from './routes/qualifications';
import { tokenRoutes } from './routes/tokens';

/** Every area of the API, one file each under api/routes/. Later areas (feeds, webhooks, the codec) add theirs here. */
export const ROUTE_AREAS: RouteArea[] = [
  meRoutes,
  caseRoutes,
  queueRoutes,
  accountRoutes,
  ruleRoutes,
  noticeRoutes,
  recordRoutes,
  measureRoutes,
  rosterRoutes,
  tokenRoutes,
  subjectRoutes,
  qualificationRoutes,
];

const ROUTES = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** Every route the app serves (method and URL, as fastify has them), for the OpenAPI check. */
export const listRoutes = (app: FastifyInstance) => ROUTES.get(app) ?? [];

export interface ApiOptions {
  /** fastify's logger (pino); off by default. It logs methods, paths and statuses, never bodies. */
  logger?: boolean;
  /** Extra route areas (another team's plugin), registered beside ours and documented alike. */
  areas?: RouteArea[];
}

/**
 * The one door for platform services and operator tools: every route under /v1, the OpenAPI document
 * (generated from the same zod schemas the routes validate with) at /openapi.json.
 */
export async function buildApi(deps: ApiDeps, opts: ApiOptions = {}): Promise<FastifyInstance> {
  // Path parameters up to 2 KiB reach their route, whose schema refuses an overlong id naming the field
  // (the router's default, 100, answered 414 in its own words before any schema was asked).
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 256 * 1024, routerOptions: { maxParamLength: 2048 } }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const routes: { method: string; url: string }[] = [];
  ROUTES.set(app, routes);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method, url: r.url });
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Public-account compliance API', version: '1', description: 'Cases, the account registry, records and access control.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API token (pac_…) or an OIDC token' } } },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  for (const area of [...ROUTE_AREAS, ...(opts.areas ?? [])]) area(app as ZodApp, deps);
  await app.ready();
  return app;
}

/** Listens on loopback only: exposing it is a proxy's job (TLS, limits), not this process's. */
export async function startApi(deps: ApiDeps, opts: ApiOptions & { port: number; host?: '127.0.0.1' }): Promise<{ app: FastifyInstance; url: string; stop(): Promise<void> }> {
  const app = await buildApi(deps, opts);
  await app.listen({ port: opts.port, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return { app, url: `http://127.0.0.1:${port}`, stop: () => app.close() };
}
