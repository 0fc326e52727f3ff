import { z } from 'zod';
import { QualificationDecisionBodySchema, QualificationIdSchema, SubmitQualificationSchema, WithdrawBodySchema } from '../../schemas/qualifications';
import { SubjectIdSchema } from '../../schemas/subjects';
import {
  DECIDE_ROLES,
  listQualifications,
  QUALIFICATION_READERS,
  submitQualification,
  SUBMIT_ROLES,
  verifyQualification,
  withdrawQualification,
  WITHDRAW_ROLES,
} from '../../services/qualifications';
import type { Qualification } from '../../store/qualifications';
import { gated, type RouteArea } from '../app';
import { caller } from '../auth/gate';
import { ErrorBodySchema } from '../errors';
import { wire } from '../views';

const tags = ['qualifications'];
const time = z.string().describe('ISO 8601');
const Params = z.object({ qualificationId: QualificationIdSchema });

const QualificationSchema = z.object({
  id: z.string(),
  subjectId: z.string(),
  category: z.string(),
  materials: z.array(z.record(z.string(), z.unknown())).describe('certificate numbers masked'),
  status: z.enum(['pending', 'verified', 'rejected', 'withdrawn']),
  submittedBy: z.string(),
  submittedAt: time,
  decidedBy: z.string().nullable(),
  decidedAt: time.nullable(),
  reason: z.string().nullable(),
  expiresAt: time.nullable(),
  withdrawnBy: z.string().nullable(),
  withdrawnAt: time.nullable(),
  withdrawReason: z.string().nullable(),
});

/** The keyed hash of a certificate number is for the store's lookups: not sent. */
const view = (q: Qualification) =>
  wire({ ...q, materials: q.materials.map(({ certificateNumberHash: _hash, ...m }) => m) }) as z.infer<typeof QualificationSchema>;

/** Professional qualifications (Art. 9): submitted by the platform, decided by a reviewer, withdrawn by a supervisor. */
export const qualificationRoutes: RouteArea = (app, deps) => {
  const submit = gated(deps, SUBMIT_ROLES, { tags, summary: "Submit a subject's qualification materials for a regulated category" });
  app.post('/v1/qualifications', {
    onRequest: submit.onRequest,
    schema: { ...submit.schema, body: SubmitQualificationSchema, response: { 201: QualificationSchema, ...submit.errors, 404: ErrorBodySchema } },
    handler: async (request, reply) => reply.code(201).send(view(await submitQualification(deps, caller(request), request.body))),
  });

  const decide = gated(deps, DECIDE_ROLES, { tags, summary: 'Verify (with an expiry, at most 5 years) or reject submitted materials; not by their submitter' });
  app.post('/v1/qualifications/:qualificationId/decision', {
    onRequest: decide.onRequest,
    schema: { ...decide.schema, params: Params, body: QualificationDecisionBodySchema, response: { 200: QualificationSchema, ...decide.errors, 404: ErrorBodySchema, 409: ErrorBodySchema } },
    handler: async (request) => view(await verifyQualification(deps, caller(request), { ...request.body, qualificationId: request.params.qualificationId })),
  });

  const withdraw = gated(deps, WITHDRAW_ROLES, { tags, summary: 'Withdraw a verified qualification (the badge goes with it)' });
  app.post('/v1/qualifications/:qualificationId/withdraw', {
    onRequest: withdraw.onRequest,
    schema: { ...withdraw.schema, params: Params, body: WithdrawBodySchema, response: { 200: QualificationSchema, ...withdraw.errors, 404: ErrorBodySchema, 409: ErrorBodySchema } },
    handler: async (request) => view(await withdrawQualification(deps, caller(request), { ...request.body, qualificationId: request.params.qualificationId })),
  });

  const read = gated(deps, QUALIFICATION_READERS, { tags, summary: "A subject's qualifications, oldest first" });
  app.get('/v1/qualifications', {
    onRequest: read.onRequest,
    schema: { ...read.schema, querystring: z.strictObject({ subjectId: SubjectIdSchema }), response: { 200: z.object({ qualifications: z.array(QualificationSchema) }), ...read.errors } },
    handler: async (request) => ({ qualifications: (await listQualifications(deps, caller(request), request.query.subjectId)).map(view) }),
  });
};
