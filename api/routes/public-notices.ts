import { z } from 'zod';
import { AccountIdSchema } from '../../schemas/common';
import { listPublicNotices, PUBLIC_NOTICE_KINDS } from '../../store/public-notices';
import type { RouteArea } from '../app';
import { ErrorBodySchema } from '../errors';

const PublicNoticeSchema = z.object({
  id: z.string(),
  kind: z.enum(PUBLIC_NOTICE_KINDS),
  accountId: z.string(),
  caseRef: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  publishedAt: z.string(),
});

/**
 * Public notices (Art. 11 ¶2 "公示"): what followers and the public are told of an account, such as a
 * coming change of its operating subject. Public, like /v1/rules: no credential. An individual's name
 * appears masked, an organisation's in full (public-notices/texts.ts).
 */
export const publicNoticeRoutes: RouteArea = (app, deps) => {
  app.get('/v1/public-notices', {
    schema: {
      tags: ['public notices'],
      summary: "Public notices of an account (or of all accounts), newest first",
      description: 'Public: no credential needed.',
      querystring: z.strictObject({ accountId: AccountIdSchema.optional(), limit: z.coerce.number().int().min(1).max(500).optional() }),
      response: { 200: z.object({ notices: z.array(PublicNoticeSchema) }), 400: ErrorBodySchema },
    },
    handler: async (request) => {
      const notices = await listPublicNotices(deps.db, request.query);
      return { notices: notices.map((n) => ({ ...n, publishedAt: n.publishedAt.toISOString() })) };
    },
  });
};
