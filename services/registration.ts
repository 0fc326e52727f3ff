import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { ErrorBodySchema } from '../api/errors';
import { AccountSchema, wire } from '../api/views';
import type { IdentityDeps } from '../identity/deps';
import type { Policy } from '../policy/policy';
import type { Principal } from '../rules/roles';
import { InvalidInputError, parseInput } from '../schemas/errors';
import {
  OpenRegistrationSchema,
  RegisterPublicAccountSchema,
  ReviewRegistrationSchema,
  WithdrawRegistrationSchema,
  type RegistrationFinding,
} from '../schemas/registration';
import { getAccount, type Account } from '../store/accounts';
import { withTransaction } from '../store/db';
import { appendRecord } from '../store/records';
import { caseWorkflowId } from '../workflows/case/ids';
import { CaseRef } from '../workflows/search-attributes';
import { getCase, REGISTRATION, reviewRegistration, withdrawRegistration } from '../workflows/registration/messages';
import { readCase, sendAction, type ActionOptions } from './case/handle';
import { openCase } from './case/open';
import type { OpenAnswer, ProcessApi } from './case/process-api';
import type { ServiceDeps } from './deps';
import { checkEligibility } from './eligibility';
import { enterRegistry } from './registry-entry';
import { requireRole } from './errors';
import { recordSubjectIdentity } from './subjects';
import { RegistrationRefusedError } from './registration-refused';

/**
 * Registration of a public account (Art. 8 ¶1 real identity, 8 ¶3 names, 9 qualification, 10 ¶1 quota):
 * what platform services, the API and the CLI call. The application is answered at once: registered,
 * refused with every rule named, or held for a reviewer in a `registration` case.
 */

/** What registration needs besides the services': the identity vault and verifier, and the policy (quota, credit). */
export type RegistrationDeps = ServiceDeps & IdentityDeps & { policy: Policy };

export type RegistrationAnswer =
  | { outcome: 'registered'; account: Account; findings: RegistrationFinding[] }
  | { outcome: 'held'; workflowId: string; caseRef: string; findings: RegistrationFinding[] };

const ARTICLE = REGISTRATION.article;
/** The eligibility check's fields as the registration body names them. */
const BODY_FIELD: Record<string, string> = { subjectId: 'subject.id', accountName: 'name' };
const describe = (fs: RegistrationFinding[]) => fs.map((f) => `${f.field} (${f.rule}): ${f.detail}`).join('; ');

/** The deps as the API passes them through the process table (typed ServiceDeps there): checked, not assumed. */
function registrationDeps(deps: ServiceDeps): RegistrationDeps {
  const d = deps as Partial<RegistrationDeps>;
  if (!d.vault || !d.verifier || !d.policy) throw new Error('registration needs the identity vault, the verifier and the policy in its deps');
  return deps as RegistrationDeps;
}

/**
 * Registers an account: the subject's identity is recorded and verified (a false one refused with the
 * verifier's reason), then the eligibility check decides. No finding: the account enters the registry
 * now. A finding for review only: a registration case opens and waits for a reviewer. A refusal:
 * RegistrationRefusedError. Every refusal and every registration is a record.
 */
export async function registerPublicAccount(deps: ServiceDeps, by: Principal, raw: unknown): Promise<RegistrationAnswer> {
  const d = registrationDeps(deps);
  requireRole(by, ['platform'], 'register an account');
  const input = parseInput(RegisterPublicAccountSchema, raw, 'registration');
  if (await getAccount(d.db, input.accountId)) {
    throw new InvalidInputError(`invalid registration: accountId: account "${input.accountId}" exists already`, [{ field: 'accountId', rule: 'must not name an existing account' }]);
  }
  const pending = await pendingCase(d, input.accountId);
  if (pending) throw underReview(input.accountId, pending);
  const application = { subjectId: input.subject.id, name: input.name, contentCategory: input.contentCategory };
  try {
    await recordSubjectIdentity(d, by, { subject: input.subject, identity: input.identity, contactEmail: input.contactEmail });
  } catch (err) {
    // A verifier's "no" (or a number bound to another subject): refused with its reason, and recorded.
    if (err instanceof InvalidInputError) {
      const findings = err.issues.map((i) => ({ rule: 'identity', field: i.field, detail: i.rule, severity: 'refuse' as const }));
      await recordRefusal(d, by, input.accountId, application, findings);
    }
    throw err;
  }

  const report = await checkEligibility(d, { subjectId: input.subject.id, accountName: input.name, contentCategory: input.contentCategory });
  const findings = report.findings.map(({ rule, field, detail, severity }) => ({ rule, field: BODY_FIELD[field] ?? field, detail, severity }));
  if (!report.ok) {
    await recordRefusal(d, by, input.accountId, application, findings);
    throw new RegistrationRefusedError(`registration of account "${input.accountId}" refused: ${describe(findings.filter((f) => f.severity === 'refuse'))}`, findings);
  }
  if (report.needsReview) {
    const opened = await openCase(d, by, REGISTRATION, OpenRegistrationSchema, {
      accountId: input.accountId,
      subjectId: input.subject.id,
      subjectKind: input.subject.kind,
      name: input.name,
      contentCategory: input.contentCategory,
      ...(input.bio ? { bio: input.bio } : {}),
      ...(input.avatarUrl ? { avatarUrl: input.avatarUrl } : {}),
      findings,
    });
    // Another application of this id opened its case a moment before this one: that case is not this applicant's.
    if (!opened.created) throw underReview(input.accountId, opened.caseRef);
    return { outcome: 'held', workflowId: opened.workflowId, caseRef: opened.caseRef, findings };
  }
  const entered = await enterRegistry(
    d.db,
    d.policy,
    { idempotencyKey: `register:${input.accountId}:${randomUUID()}`, caseRef: null, accountId: input.accountId, actor: by.id, reason: '注册核验通过 registration passed the checks', article: ARTICLE, evidence: { ...application, findings } },
    { accountId: input.accountId, ...application, ...(input.bio ? { bio: input.bio } : {}), ...(input.avatarUrl ? { avatarUrl: input.avatarUrl } : {}) },
  );
  if (!entered.registered) {
    // Another registration of the subject (or of the id) got there first.
    await recordRefusal(d, by, input.accountId, application, entered.findings);
    throw new RegistrationRefusedError(`registration of account "${input.accountId}" refused: ${describe(entered.findings)}`, entered.findings);
  }
  return { outcome: 'registered', account: (await getAccount(d.db, input.accountId))!, findings };
}

const underReview = (accountId: string, caseRef: string) =>
  new RegistrationRefusedError(`registration of account "${accountId}" refused: a registration of it is under review (case ${caseRef})`, [
    { rule: 'account_id', field: 'accountId', detail: `a registration of this account is under review (case ${caseRef})`, severity: 'refuse' },
  ]);

/** The case reference of a registration of this account under review, if there is one. */
async function pendingCase(deps: ServiceDeps, accountId: string): Promise<string | undefined> {
  try {
    const d = await deps.client.workflow.getHandle(caseWorkflowId(REGISTRATION.kind, accountId)).describe();
    if (d.status.name !== 'RUNNING') return undefined;
    return d.typedSearchAttributes.get(CaseRef) ?? d.workflowId;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/** A refusal is a record (Art. 19): the rules broken, the application's ids and name; never the identity. */
async function recordRefusal(deps: RegistrationDeps, by: Principal, accountId: string, application: Record<string, unknown>, findings: RegistrationFinding[]): Promise<void> {
  await withTransaction(deps.db, (tx) =>
    appendRecord(tx, {
      idempotencyKey: `refuse_registration:${accountId}:${randomUUID()}`,
      caseRef: null,
      accountId,
      action: 'refuse_registration',
      article: ARTICLE,
      actor: by.id,
      reason: findings.map((f) => f.detail).join('；'),
      evidence: { ...application, findings },
    }),
  );
}

/** A reviewer approves (the account is registered) or rejects the held registration, with reasons. */
export const reviewHeldRegistration = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, REGISTRATION, accountId, reviewRegistration, ReviewRegistrationSchema, raw, { ...opts, actingFor: 'operator' });

/** The applicant withdraws, through a platform service (`by`). */
export const withdrawHeldRegistration = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown = {}, opts?: ActionOptions) =>
  sendAction(deps, by, REGISTRATION, accountId, withdrawRegistration, WithdrawRegistrationSchema, raw, { ...opts, actingFor: 'holder' });

/** The case as it stands: stage, review deadline, findings, every event with its author. */
export const getRegistration = (deps: ServiceDeps, accountId: string) => readCase(deps, REGISTRATION, accountId, getCase);

const FindingsSchema = z.array(z.object({ rule: z.string(), field: z.string(), detail: z.string(), severity: z.enum(['refuse', 'review']) }));
/** 201: the account is in the registry. 202: held for a reviewer in the case named. A refusal is 409 (api/errors.ts). */
export const REGISTRATION_RESPONSES = {
  201: z.object({ outcome: z.literal('registered'), account: AccountSchema, findings: FindingsSchema }),
  202: z.object({ outcome: z.literal('held'), workflowId: z.string(), caseRef: z.string(), findings: FindingsSchema }),
};

/** The answer as the API sends it: registered 201, held 202. */
export async function registrationAnswer(deps: ServiceDeps, by: Principal, raw: unknown): Promise<OpenAnswer> {
  const a = await registerPublicAccount(deps, by, raw);
  return { status: a.outcome === 'registered' ? 201 : 202, body: wire(a) };
}

/** Registration as the HTTP API serves it (services/processes.ts lists it). */
export const registrationApi: ProcessApi = {
  process: REGISTRATION,
  open: { body: RegisterPublicAccountSchema, roles: ['platform'], run: registrationAnswer, responses: { ...REGISTRATION_RESPONSES, 409: ErrorBodySchema } },
  read: getRegistration,
  actions: [
    { name: 'review', summary: 'Approve (the account is registered) or reject a registration held for review', body: ReviewRegistrationSchema, result: undefined, roles: REGISTRATION.permissions.reviewRegistration, run: reviewHeldRegistration },
    { name: 'withdraw', summary: "The applicant withdraws the registration (a platform service, on the applicant's behalf)", body: WithdrawRegistrationSchema, result: undefined, roles: ['platform'], run: withdrawHeldRegistration },
  ],
};
