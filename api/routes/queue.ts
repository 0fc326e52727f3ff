import { CASE_READERS, gated, type RouteArea } from '../app';
import { CaseListQuerySchema, CaseListSchema, listCases } from '../queue/case-list';

/** The work queue: open cases of every kind, soonest deadline first (or closed ones, latest first). */
export const queueRoutes: RouteArea = (app, deps) => {
  const read = gated(deps, CASE_READERS, { tags: ['cases'], summary: 'List cases: the work queue, soonest deadline first' });
  app.get('/v1/cases', {
    onRequest: read.onRequest,
    schema: { ...read.schema, querystring: CaseListQuerySchema, response: { 200: CaseListSchema, ...read.errors } },
    handler: (request) => listCases(deps, request.query),
  });
};
