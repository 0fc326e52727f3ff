import { z } from 'zod';
import { CREDIT_TIERS } from '../../policy/standing';
import { RecordSubjectIdentitySchema, ReasonBodySchema, SubjectIdSchema } from '../../schemas/subjects';
import { BLACKLIST_ROLES, blacklistSubject, liftBlacklist, STANDING_READERS, subjectStanding } from '../../services/standing';
import { IDENTITY_WRITERS, recordSubjectIdentity } from '../../services/subjects';
import { gated, type RouteArea } from '../app';
import { caller } from '../auth/gate';
import { ErrorBodySchema, NotFoundError } from '../errors';
import { wire } from '../views';

const tags = ['subjects'];
const time = z.string().describe('ISO 8601');
const Params = z.object({ subjectId: SubjectIdSchema });

const IdentityViewSchema = z
  .object({ subjectId: z.string(), kind: z.enum(['resident_id', 'credit_code']), numberMasked: z.string(), phoneMasked: z.string(), verified: z.boolean() })
  .describe('masked forms only: the numbers themselves are never sent');

/** The whole standing for operators and auditors; a platform service gets the credit tier alone. */
const StandingSchema = z.object({
  subjectId: z.string(),
  kind: z.enum(['individual', 'organisation']).optional(),
  identity: IdentityViewSchema.optional(),
  blacklisted: z.object({ reason: z.string(), since: time, by: z.string() }).optional(),
  credit: z.object({ score: z.number().optional(), tier: z.enum(CREDIT_TIERS) }),
  accounts: z.number().optional().describe('accounts not closed or terminated (Art. 10 ¶1 quota)'),
});

const ListingSchema = z.object({
  id: z.string(),
  subjectId: z.string(),
  reason: z.string(),
  article: z.string(),
  listedBy: z.string(),
  listedAt: time,
  recordSeq: z.string(),
  liftedAt: time.nullable(),
  liftedBy: z.string().nullable(),
  liftReason: z.string().nullable(),
});

/** Subjects: their real identity (Art. 8 ¶1), their standing, and blacklisting (Art. 19 ¶2). */
export const subjectRoutes: RouteArea = (app, deps) => {
  const record = gated(deps, IDENTITY_WRITERS, { tags, summary: "Record a subject's real identity, verified (created if new)" });
  app.post('/v1/subjects', {
    onRequest: record.onRequest,
    schema: { ...record.schema, body: RecordSubjectIdentitySchema, response: { 201: IdentityViewSchema, ...record.errors } },
    handler: async (request, reply) => reply.code(201).send(await recordSubjectIdentity(deps, caller(request), request.body)),
  });

  const read = gated(deps, [...STANDING_READERS, 'platform'], { tags, summary: "A subject's standing: blacklisting, credit tier, live accounts, masked identity (platform: the tier only)" });
  app.get('/v1/subjects/:subjectId', {
    onRequest: read.onRequest,
    schema: { ...read.schema, params: Params, response: { 200: StandingSchema, ...read.errors, 404: ErrorBodySchema } },
    handler: async (request) => {
      const standing = await subjectStanding(deps.db, request.params.subjectId, deps.policy);
      if (!standing) throw new NotFoundError(`no subject "${request.params.subjectId}"`);
      const full = caller(request).roles.some((r) => (STANDING_READERS as readonly string[]).includes(r));
      if (!full) return { subjectId: standing.subjectId, credit: { tier: standing.credit.tier } };
      return wire(standing) as z.infer<typeof StandingSchema>;
    },
  });

  const list = gated(deps, BLACKLIST_ROLES, { tags, summary: 'Blacklist a subject: it may not register or receive accounts until lifted' });
  app.post('/v1/subjects/:subjectId/blacklist', {
    onRequest: list.onRequest,
    schema: { ...list.schema, params: Params, body: ReasonBodySchema, response: { 201: ListingSchema, ...list.errors, 404: ErrorBodySchema, 409: ErrorBodySchema } },
    handler: async (request, reply) =>
      reply.code(201).send(wire(await blacklistSubject(deps, caller(request), { ...request.body, subjectId: request.params.subjectId })) as z.infer<typeof ListingSchema>),
  });

  const lift = gated(deps, BLACKLIST_ROLES, { tags, summary: "Lift a subject's blacklisting" });
  app.post('/v1/subjects/:subjectId/blacklist/lift', {
    onRequest: lift.onRequest,
    schema: { ...lift.schema, params: Params, body: ReasonBodySchema, response: { 200: ListingSchema, ...lift.errors, 404: ErrorBodySchema, 409: ErrorBodySchema } },
    handler: async (request) => wire(await liftBlacklist(deps, caller(request), { ...request.body, subjectId: request.params.subjectId })) as z.infer<typeof ListingSchema>,
  });
};
