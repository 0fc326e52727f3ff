import type { Principal } from '../rules/roles';
import { InvalidInputError, parseInput } from '../schemas/errors';
import { ApplyVoluntaryClosureSchema, CancelClosureSchema, ResumeSchema, StopClosureSchema, VoluntaryClosureCaseSchema } from '../schemas/voluntary-closure';
import { getAccount } from '../store/accounts';
import { cancelClosure, getCase, resume, stopClosure, VOLUNTARY_CLOSURE } from '../workflows/voluntary-closure/messages';
import { readCase, sendAction, type ActionOptions } from './case/handle';
import { openCase } from './case/open';
import { openCasesOf } from './case/open-cases';
import type { ProcessApi } from './case/process-api';
import type { ServiceDeps } from './deps';

/**
 * What platform services, the API and the CLI call for a holder's own suspension or closure
 * (Art. 11 ¶3): one function per action.
 */
const P = VOLUNTARY_CLOSURE;
const WHAT = 'voluntary-closure case';

/**
 * The holder applies, through a platform service (`by`). Refused with the field and the rule, and
 * nothing starts: when the applicant is not the account's subject; when the account is under a
 * measure or another case is open against it (so that closing can't dodge a sanction); when a
 * suspension's end is not ahead.
 */
export async function applyVoluntaryClosure(deps: ServiceDeps, by: Principal, raw: unknown) {
  const a = parseInput(ApplyVoluntaryClosureSchema, raw, WHAT);
  const account = await getAccount(deps.db, a.accountId);
  // An unknown or terminated account: openCase names it.
  if (account && account.status !== 'terminated') {
    if (a.holderSubjectId !== account.subjectId) {
      throw new InvalidInputError(`invalid ${WHAT}: holderSubjectId: the applicant is not the holder of account "${a.accountId}"`, [
        { field: 'holderSubjectId', rule: "must be the account's subject: only its holder may apply to suspend or close it (Art. 11 ¶3)" },
      ]);
    }
    const open = await openCasesOf(deps, a.accountId, { except: [P.kind] });
    if (open.length || account.status !== 'active') {
      const what = open.length ? `case ${open.map((x) => `${x.caseRef} (${x.kind})`).join(', ')} is open against it` : `it is ${account.status}`;
      throw new InvalidInputError(`invalid ${WHAT}: accountId: account "${a.accountId}" cannot be suspended or closed on application while ${what}`, [
        { field: 'accountId', rule: 'must have no other case open against it and no measure in force: an application may not forestall a sanction' },
      ]);
    }
  }
  if (a.until !== undefined && Date.parse(a.until) <= Date.now()) {
    throw new InvalidInputError(`invalid ${WHAT}: until: must be in the future`, [{ field: 'until', rule: 'must be in the future' }]);
  }
  const { holderSubjectId: _applicant, ...application } = a;
  return openCase(deps, by, P, VoluntaryClosureCaseSchema, application);
}

/** The holder resumes their suspended account before its date (a platform service, on their behalf). */
export const resumeAccount = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown = {}, opts?: ActionOptions) =>
  sendAction(deps, by, P, accountId, resume, ResumeSchema, raw, { ...opts, actingFor: 'holder' });

/** The holder cancels their closure during the freeze (a platform service, on their behalf). */
export const cancelAccountClosure = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown = {}, opts?: ActionOptions) =>
  sendAction(deps, by, P, accountId, cancelClosure, CancelClosureSchema, raw, { ...opts, actingFor: 'holder' });

/** A supervisor stops a closure during its freeze (a legal hold), with a reason. */
export const stopAccountClosure = (deps: ServiceDeps, by: Principal, accountId: string, raw: unknown, opts?: ActionOptions) =>
  sendAction(deps, by, P, accountId, stopClosure, StopClosureSchema, raw, { ...opts, actingFor: 'operator' });

export const getVoluntaryClosure = (deps: ServiceDeps, accountId: string) => readCase(deps, P, accountId, getCase);

export const voluntaryClosureApi: ProcessApi = {
  process: P,
  open: { body: ApplyVoluntaryClosureSchema, roles: P.permissions.open, run: applyVoluntaryClosure },
  read: getVoluntaryClosure,
  actions: [
    { name: 'resume', summary: "The holder ends their suspension (a platform service, on the holder's behalf)", body: ResumeSchema, result: undefined, roles: ['platform'], run: resumeAccount },
    { name: 'cancel', summary: "The holder cancels their closure during the freeze (a platform service, on the holder's behalf)", body: CancelClosureSchema, result: undefined, roles: ['platform'], run: cancelAccountClosure },
    { name: 'stop', summary: 'Stop a closure during its freeze (a legal hold), with a reason', body: StopClosureSchema, result: undefined, roles: P.permissions.stopClosure, run: stopAccountClosure },
  ],
};
