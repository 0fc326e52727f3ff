import { randomUUID } from 'node:crypto';
import type { IdentityDeps } from '../../identity/deps';
import { registerKnownIdentity } from '../../identity/store-verifier';
import type { IdentityClaim } from '../../identity/verifier';
import type { ActionOptions } from '../../services/case/handle';
import { getRegistration, registerPublicAccount, reviewHeldRegistration, withdrawHeldRegistration, type RegistrationDeps } from '../../services/registration';
import { caseWorkflowId } from '../../workflows/case/ids';
import type { RegistrationResult } from '../../workflows/registration/workflow';
import { creditCode, mobile, residentId, testIdentityDeps } from './identity';
import { recordHistory } from './record-history';
import { principal, PLATFORM } from './principals';
import { parsePolicy, type Policy } from '../../policy/policy';
import type { Stack } from './stack';

let serial = Math.floor(Math.random() * 500);
/** A fresh number for each identity of a run (ID numbers bind one subject each). */
const next = () => ++serial;

export interface Applicant {
  subjectId: string;
  kind: 'individual' | 'organisation';
  identity: IdentityClaim;
  email: string;
}

/**
 * Drives registrations through the real services, as a platform service and the reviewers would. An
 * applicant's identity is put in the real-name register first (what the verifier knows), unless asked not to.
 */
export function registrationDriver(stack: Pick<Stack, 'deps' | 'db' | 'client'> & { policy?: Policy }, identity: IdentityDeps = testIdentityDeps(stack.db)) {
  const deps: RegistrationDeps = { ...stack.deps, ...identity, policy: stack.policy ?? parsePolicy({}) };
  return {
    deps,
    identity,
    handle: (accountId: string) => stack.client.workflow.getHandle(caseWorkflowId('registration', accountId)),
    /** A subject with a verified-to-be identity: registered in the real-name register unless `known: false`. */
    async applicant(o: { kind?: 'individual' | 'organisation'; known?: boolean } = {}): Promise<Applicant> {
      const kind = o.kind ?? 'individual';
      const n = next();
      const tag = randomUUID().slice(0, 8);
      const claim: IdentityClaim =
        kind === 'individual'
          ? { kind: 'resident_id', number: residentId(n), name: `张${n}`, phone: mobile(n) }
          : { kind: 'credit_code', number: creditCode(n), name: `测试科技有限公司${n}`, phone: mobile(5000 + n) };
      if (o.known !== false) await registerKnownIdentity(stack.db, identity.vault, claim);
      return { subjectId: `subj-${tag}`, kind, identity: claim, email: `applicant-${tag}@users.example` };
    },
    /** The body a platform service sends. */
    body(a: Applicant, accountId: string, name: string, over: Record<string, unknown> = {}) {
      return {
        accountId,
        name,
        subject: { id: a.subjectId, kind: a.kind, displayName: a.identity.name },
        identity: a.identity,
        contactEmail: a.email,
        contentCategory: 'general',
        ...over,
      };
    },
    register(a: Applicant, accountId: string, name: string, over: Record<string, unknown> = {}) {
      return registerPublicAccount(deps, PLATFORM, this.body(a, accountId, name, over));
    },
    approve: (accountId: string, operatorId = 'reviewer-li', reason = '主体资质核验无误，同意注册', opts?: ActionOptions) =>
      reviewHeldRegistration(deps, principal(operatorId), accountId, { decision: 'approve', reason }, opts),
    reject: (accountId: string, reason = '名称与已注销账号高度相似，不予注册', operatorId = 'reviewer-li') =>
      reviewHeldRegistration(deps, principal(operatorId), accountId, { decision: 'reject', reason }),
    withdraw: (accountId: string, statement?: string) => withdrawHeldRegistration(deps, PLATFORM, accountId, statement ? { statement } : {}),
    state: (accountId: string) => getRegistration(deps, accountId),
    /** The case's result; with RECORD_HISTORIES=1 its history is saved for replay as `name`. */
    async result(accountId: string, name?: string): Promise<RegistrationResult> {
      const h = stack.client.workflow.getHandle(caseWorkflowId('registration', accountId));
      const r = (await h.result()) as RegistrationResult;
      if (name) await recordHistory(stack.client, h.workflowId, name);
      return r;
    },
  };
}
export type RegistrationDriver = ReturnType<typeof registrationDriver>;
