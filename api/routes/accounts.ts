import { z } from 'zod';
import {
  AccountNameSchema,
  AvatarUrlSchema,
  BioSchema,
  ContactEmailSchema,
  ContentCategorySchema,
} from '../../schemas/accounts';
import { RegisterPublicAccountSchema } from '../../schemas/registration';
import { AccountIdSchema } from '../../schemas/common';
import { getAccountView, updateAccount } from '../../services/accounts';
import { REGISTRATION_RESPONSES, registrationAnswer } from '../../services/registration';
import { CASE_READERS, gated, type RouteArea } from '../app';
import { AccountSchema, AccountViewSchema, wire } from '../views';
import { ErrorBodySchema, NotFoundError } from '../errors';

const IdParams = z.object({ accountId: AccountIdSchema });

/** The update's fields without the id (it is in the path); the service checks "at least one" again. */
const UpdateBodySchema = z
  .strictObject({
    name: AccountNameSchema.optional(),
    contactEmail: ContactEmailSchema.optional(),
    contentCategory: ContentCategorySchema.optional(),
    bio: BioSchema.optional(),
    avatarUrl: AvatarUrlSchema.optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'must change at least one of name, contactEmail, contentCategory, bio, avatarUrl' });
const tags = ['accounts'];

/** The account registry: platform services register and update accounts; everyone on a case reads them. */
export const accountRoutes: RouteArea = (app, deps) => {
  // The registry is fed by registration (Art. 8 ¶1, 9, 10 ¶1): the same checks and answers as POST /v1/cases/registration.
  const write = gated(deps, ['platform'], { tags, summary: 'Register an account: 201 registered, 202 held for review, 409 refused with every rule named' });
  app.post('/v1/accounts', {
    onRequest: write.onRequest,
    schema: { ...write.schema, body: RegisterPublicAccountSchema, response: { ...REGISTRATION_RESPONSES, ...write.errors, 409: ErrorBodySchema } },
    handler: async (request, reply) => {
      const answer = await registrationAnswer(deps, request.principal!, request.body);
      return reply.code(answer.status as 201).send(answer.body as never);
    },
  });

  const update = gated(deps, ['platform'], { tags, summary: "Change an account's own fields (measures change only through cases)" });
  app.patch('/v1/accounts/:accountId', {
    onRequest: update.onRequest,
    schema: { ...update.schema, params: IdParams, body: UpdateBodySchema, response: { 200: AccountSchema, ...update.errors, 404: ErrorBodySchema } },
    handler: async (request) => {
      const { accountId } = request.params;
      if (!(await getAccountView(deps, accountId))) throw new NotFoundError(`no account "${accountId}" in the registry`);
      return wire(await updateAccount(deps, { ...request.body, id: accountId })) as z.infer<typeof AccountSchema>;
    },
  });

  const read = gated(deps, CASE_READERS, { tags, summary: 'The account, its status and the measures in force' });
  app.get('/v1/accounts/:accountId', {
    onRequest: read.onRequest,
    schema: { ...read.schema, params: IdParams, response: { 200: AccountViewSchema, ...read.errors, 404: ErrorBodySchema } },
    handler: async (request) => {
      const view = await getAccountView(deps, request.params.accountId);
      if (!view) throw new NotFoundError(`no account "${request.params.accountId}" in the registry`);
      return wire(view) as z.infer<typeof AccountViewSchema>;
    },
  });
};
