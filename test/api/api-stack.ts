import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createApiToken } from '../../api/auth/token-admin';
import { bootstrapFirstAdmin, FIRST_ADMIN_ID } from '../../api/auth/bootstrap';
import type { OidcVerifier } from '../../api/auth/oidc';
import { startApi } from '../../api/server';
import { createComplianceClient, type ComplianceClient } from '../../client';
import { parsePolicy } from '../../policy/policy';
import { upsertOperator } from '../../store/operators';
import { seedOperators, startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/wait';
import { testIdentityDeps } from '../helpers/identity';
import { secretBox } from '../../webhooks/secret-box';

/** The callers of the API tests, one per role, each on the roster with that role only. */
export const CALLERS = {
  platform: 'content-risk-service',
  reviewer: 'reviewer-li',
  supervisor: 'supervisor-wang',
  auditor: 'auditor-chen',
  admin: FIRST_ADMIN_ID,
} as const;
export type CallerRole = keyof typeof CALLERS;

export interface ApiStack {
  stack: Stack;
  app: FastifyInstance;
  url: string;
  /** Each role's API token. */
  tokens: Record<CallerRole, string>;
  /** A typed client acting as the role. */
  as(role: CallerRole): ComplianceClient;
  /** A raw request, for what the typed client would not send. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw answer: each test reads what it checks
  fetch(path: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<{ status: number; body: any }>;
}

/**
 * Real parts for an API test file: the stack (Temporal dev server, PostgreSQL, SMTP sink, a worker),
 * the API on a free loopback port, the first admin as `npm start` makes it, and a token per role.
 */
export function apiStack(opts: { oidc?: () => OidcVerifier } = {}): ApiStack {
  const ctx = { tokens: {} } as ApiStack;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ctx.stack = await startStack();
    await seedOperators(ctx.stack.db);
    await upsertOperator(ctx.stack.db, { id: CALLERS.platform, displayName: '内容风控服务', roles: ['platform'] });
    await upsertOperator(ctx.stack.db, { id: CALLERS.auditor, displayName: '陈审计', roles: ['auditor'] });
    await ctx.stack.startWorker();
    const deps = { ...ctx.stack.deps, policy: parsePolicy({}), webhookSecrets: secretBox(randomBytes(32)), ...testIdentityDeps(ctx.stack.db), oidc: opts.oidc?.() };
    const api = await startApi(deps, { port: 0 });
    ctx.url = api.url;
    ctx.app = api.app;
    stop = api.stop;
    const adminToken = (await bootstrapFirstAdmin(ctx.stack.deps))!;
    ctx.tokens.admin = adminToken;
    const admin = { id: FIRST_ADMIN_ID, roles: ['admin' as const] };
    for (const role of ['platform', 'reviewer', 'supervisor', 'auditor'] as const) {
      ctx.tokens[role] = (await createApiToken(ctx.stack.db, admin, { subject: CALLERS[role], label: `test ${role}` })).token;
    }
  }, 60_000);
  afterAll(async () => {
    await stop?.();
    await ctx.stack?.stop();
  });
  ctx.as = (role) => createComplianceClient({ baseUrl: ctx.url, token: ctx.tokens[role] });
  ctx.fetch = async (path, init = {}) => {
    const { token, json, ...rest } = init;
    const headers: Record<string, string> = { ...(rest.headers as Record<string, string>) };
    if (token !== null && token !== undefined) headers.authorization = `Bearer ${token}`;
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${ctx.url}${path}`, { ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return ctx;
}

/** Asks again until the answer satisfies `done` (a case moves on in its worker's time; visibility lags). */
export function settled<T>(ask: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  return until(async () => {
    const v = await ask();
    return done(v) ? v : undefined;
  }, timeoutMs);
}
