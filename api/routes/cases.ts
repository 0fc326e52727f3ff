import { z } from 'zod';
import { AccountIdSchema } from '../../schemas/common';
import type { ProcessApi } from '../../services/case/process-api';
import { PROCESSES } from '../../services/processes';
import { CASE_READERS, gated, IdempotencyHeadersSchema, json, type RouteArea, type ZodApp } from '../app';
import type { ApiDeps } from '../deps';
import { ErrorBodySchema } from '../errors';

export const OpenedCaseSchema = z.object({ workflowId: z.string(), caseRef: z.string(), created: z.literal(true) });
/** A second open: 409, with the case that is open (the platform's retry finds its case, not a new one). */
export const CaseExistsSchema = z.object({
  error: z.literal('case_exists'),
  message: z.string(),
  case: z.object({ workflowId: z.string(), caseRef: z.string() }),
});

const AccountParams = z.object({ accountId: AccountIdSchema });

/**
 * Every case operation of every process, from the process table (services/processes.ts): open, read,
 * and one route per action. A new process appears here, and in the OpenAPI document, by being listed.
 */
export const caseRoutes: RouteArea = (app, deps) => {
  for (const p of PROCESSES) processRoutes(app, deps, p);
};

function processRoutes(app: ZodApp, deps: ApiDeps, p: ProcessApi): void {
  const kind = p.process.kind;
  const tags = [`cases: ${kind}`];

  const open = gated(deps, p.open.roles, { tags, summary: `Open a ${p.process.title} case (${p.process.article})` });
  app.post(`/v1/cases/${kind}`, {
    onRequest: open.onRequest,
    schema: { ...open.schema, body: p.open.body, response: { 201: OpenedCaseSchema, ...open.errors, 409: CaseExistsSchema, ...p.open.responses } },
    handler: async (request, reply) => {
      const opened = await p.open.run(deps, request.principal!, request.body);
      if ('status' in opened) return reply.code(opened.status as 201).send(opened.body as never);
      if (opened.created) return reply.code(201).send({ workflowId: opened.workflowId, caseRef: opened.caseRef, created: true as const });
      return reply.code(409).send({
        error: 'case_exists' as const,
        message: `the account already has an open ${kind} case, ${opened.caseRef}: nothing opened`,
        case: { workflowId: opened.workflowId, caseRef: opened.caseRef },
      });
    },
  });

  const read = gated(deps, CASE_READERS, { tags, summary: `The ${p.process.title} case of an account: stage, deadline, every event` });
  app.get(`/v1/cases/${kind}/:accountId`, {
    onRequest: read.onRequest,
    schema: { ...read.schema, params: AccountParams, response: { 200: json('the case: stage, deadline, submissions, every event with its author'), ...read.errors, 404: ErrorBodySchema } },
    handler: (request) => p.read(deps, request.params.accountId),
  });

  for (const action of p.actions) {
    const act = gated(deps, action.roles, { tags, summary: action.summary });
    app.post(`/v1/cases/${kind}/:accountId/${action.name}`, {
      onRequest: act.onRequest,
      schema: {
        ...act.schema,
        params: AccountParams,
        headers: IdempotencyHeadersSchema,
        body: action.body,
        response: { 200: action.result ?? json('what the case answered'), ...act.errors, 404: ErrorBodySchema, 409: ErrorBodySchema },
      },
      handler: (request) =>
        action.run(deps, request.principal!, request.params.accountId, request.body, { requestId: request.headers['idempotency-key'] }),
    });
  }
}
