import type { IdentityClaimInput } from '../../schemas/identity';
import { registerPublicAccount, registrationApi, reviewHeldRegistration } from '../../services/registration';
import { PLATFORM, REVIEWER } from '../principals';
import { knownIndividual } from './identities';
import type { BenchDeps, CasePath, ProcessPaths } from './types';

/** Each applicant's identity, known to the real-name register. */
const applicants = new Map<string, IdentityClaimInput>();
/** Names are unique in the registry: numbered across the benchmark process, apart from name correction's seeded 国务院观察<i>. */
let named = 0;

/** No account: a registration asks for one. Only the applicants' identities are in the register beforehand. */
async function seed(...[stack, prefix, n]: Parameters<NonNullable<CasePath['seed']>>): Promise<string[]> {
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  for (const id of ids) applicants.set(id, await knownIndividual(stack, '李申请'));
  return ids;
}

/**
 * The platform registers the account; its name has a protected word (国务院), which the eligibility check
 * sends to a reviewer rather than straight through: the answer is "held", and a registration case opens.
 */
const open = async (deps: BenchDeps, accountId: string) => {
  const answer = await registerPublicAccount(deps, PLATFORM, {
    accountId,
    name: `国务院评论${++named}`,
    subject: { id: `app-${accountId}`, kind: 'individual', displayName: '李申请' },
    identity: applicants.get(accountId)!,
    contactEmail: `app-${accountId}@users.example`,
    contentCategory: 'general',
  });
  if (answer.outcome !== 'held') throw new Error(`registration of ${accountId}: ${answer.outcome}, not held for review`);
};

const path = (p: Omit<CasePath, 'process' | 'open' | 'seed'>): CasePath => ({ process: registrationApi, seed, open, ...p });

/** Registration (Art. 8 ¶1, 9, 10 ¶1): only a registration held for review is a case. Default policy (5 days to review). */
export const REGISTRATION_PATHS: ProcessPaths = {
  process: registrationApi,
  paths: [
    path({
      name: 'held-then-approved',
      what: 'held for review (a protected word in the name), a reviewer approves: registered',
      policy: 'default',
      outcome: 'registered',
      async act(deps, id) {
        await reviewHeldRegistration(deps, REVIEWER, id, { decision: 'approve', reason: '经核验，名称与主体相符' });
      },
    }),
  ],
};
