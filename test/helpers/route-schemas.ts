import Fastify from 'fastify';
import type { z } from 'zod';
import type { RouteArea, ZodApp } from '../../api/app';
import type { ApiDeps } from '../../api/deps';
import { ROUTE_AREAS } from '../../api/server';
import { ROLES, type Role } from '../../rules/roles';

/** What a route validates, as its zod schemas, and who may call it: read from the route's own declaration. */
export interface RouteSchemas {
  /** "POST /v1/cases/name-correction/:accountId/review", as listRoutes names it. */
  route: string;
  method: string;
  url: string;
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  headers?: z.ZodType;
  /** The roles its description names ("Roles: a, b."); 'public' when it names none. */
  roles: Role[] | 'public';
}

/**
 * Every route the API's areas declare, with the zod schemas it validates with. The areas are run on a
 * scratch fastify instance that is never made ready (nothing compiles, listens or is called: routes
 * are declared synchronously, and the deps are only kept by the gates), so the fuzz test derives its
 * inputs from the same schemas as the served routes, and can name a test per route.
 */
export function declaredRoutes(areas: RouteArea[] = ROUTE_AREAS): Map<string, RouteSchemas> {
  const app = Fastify();
  const out = new Map<string, RouteSchemas>();
  app.addHook('onRoute', (r) => {
    const s = (r.schema ?? {}) as { params?: z.ZodType; querystring?: z.ZodType; body?: z.ZodType; headers?: z.ZodType; description?: string };
    const named = /^Roles: ([a-z, ]+)\.$/.exec(s.description ?? '')?.[1];
    const roles = named ? (named.split(', ').filter((x) => (ROLES as readonly string[]).includes(x)) as Role[]) : 'public';
    for (const method of [r.method].flat()) {
      if (method === 'HEAD') continue;
      const route = `${method} ${r.url}`;
      out.set(route, { route, method, url: r.url, params: s.params, querystring: s.querystring, body: s.body, headers: s.headers, roles });
    }
  });
  for (const area of areas) area(app as unknown as ZodApp, {} as ApiDeps);
  return out;
}
