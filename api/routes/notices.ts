import { z } from 'zod';
import { listNotices } from '../../store/notices';
import { CASE_READERS, gated, type RouteArea } from '../app';
import { NoticeSchema, wire } from '../views';

const CaseRefSchema = z.string().regex(/^[A-Z]{1,8}-\d{8}-[0-9A-Z]{8}$/, 'must be a case reference, e.g. NC-20261201-K3M9QX7A');

/** The notices a case sent (the relay accepted them): kind and time, never the text or the address. */
export const noticeRoutes: RouteArea = (app, deps) => {
  const read = gated(deps, CASE_READERS, { tags: ['notices'], summary: 'The notices a case has sent, in the order they went out' });
  app.get('/v1/notices', {
    onRequest: read.onRequest,
    schema: { ...read.schema, querystring: z.strictObject({ caseRef: CaseRefSchema }), response: { 200: z.object({ notices: z.array(NoticeSchema) }), ...read.errors } },
    handler: async (request) => ({ notices: wire(await listNotices(deps.db, request.query.caseRef)) as z.infer<typeof NoticeSchema>[] }),
  });
};
