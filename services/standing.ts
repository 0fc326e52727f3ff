import { randomUUID } from 'node:crypto';
import { creditTier, type CreditPolicy, type CreditTier } from '../policy/standing';
import type { Principal, Role } from '../rules/roles';
import { parseInput } from '../schemas/errors';
import { BlacklistSchema, LiftBlacklistSchema, SubjectIdSchema } from '../schemas/subjects';
import { getSubject } from '../store/accounts';
import { insertListing, liftListing, listingInForce, type Listing } from '../store/blacklist';
import { getCreditScore } from '../store/credit';
import { withTransaction, type Db, type Sql } from '../store/db';
import { appendRecord } from '../store/records';
import { countLiveAccounts, getSubjectIdentity } from '../store/subject-identities';
import { requireRole, StateConflictError, UnknownEntityError } from './errors';
import { identityView, type SubjectIdentityView } from './subjects';

/** Blacklisting (Art. 19 ¶2 列入黑名单) and lifting it: supervisors. */
export const BLACKLIST_ROLES = ['supervisor'] as const satisfies readonly Role[];
/** The whole standing: operators and auditors. A platform service reads the credit tier only (api/routes/subjects.ts). */
export const STANDING_READERS = ['reviewer', 'supervisor', 'auditor', 'admin'] as const satisfies readonly Role[];

const BLACKLIST_ARTICLE = '第十九条';

export interface SubjectStanding {
  subjectId: string;
  kind: 'individual' | 'organisation';
  identity?: SubjectIdentityView;
  blacklisted?: { reason: string; since: Date; by: string };
  credit: { score: number; tier: CreditTier };
  /** Accounts not closed or terminated: what counts against the quota (Art. 10 ¶1). */
  accounts: number;
}

export async function subjectCredit(db: Sql, subjectId: string, policy: CreditPolicy): Promise<{ score: number; tier: CreditTier }> {
  const score = (await getCreditScore(db, subjectId)) ?? policy.start;
  return { score, tier: creditTier(score, policy) };
}

/** The subject's standing, or undefined for an unknown subject. The credit policy gives the tiers. */
export async function subjectStanding(db: Sql, subjectId: string, policy: { credit: CreditPolicy }): Promise<SubjectStanding | undefined> {
  const id = parseInput(SubjectIdSchema, subjectId, 'subject id');
  const subject = await getSubject(db, id);
  if (!subject) return undefined;
  const [identity, listing, credit, accounts] = await Promise.all([
    getSubjectIdentity(db, id),
    listingInForce(db, id),
    subjectCredit(db, id, policy.credit),
    countLiveAccounts(db, id),
  ]);
  return {
    subjectId: id,
    kind: subject.kind,
    identity: identity && identityView(identity),
    blacklisted: listing && { reason: listing.reason, since: listing.listedAt, by: listing.listedBy },
    credit,
    accounts,
  };
}

/**
 * Lists the subject: while listed it may not register or receive accounts (services/eligibility.ts).
 * One supervisor, no second pair of eyes: a listing is lifted as easily as it is made, and both are
 * records, unlike a termination, which cannot be undone.
 */
export async function blacklistSubject(deps: { db: Db }, by: Principal, body: unknown): Promise<Listing> {
  requireRole(by, BLACKLIST_ROLES, 'blacklist a subject');
  const input = parseInput(BlacklistSchema, body, 'blacklisting');
  return withTransaction(deps.db, async (tx) => {
    if (!(await getSubject(tx, input.subjectId))) throw new UnknownEntityError(`no subject "${input.subjectId}"`);
    // Serialises two listings of one subject: the second sees the first.
    await tx.query('SELECT pg_advisory_xact_lock(7233009, hashtext($1))', [input.subjectId]);
    if (await listingInForce(tx, input.subjectId)) throw new StateConflictError(`subject "${input.subjectId}" is blacklisted already`);
    const { record } = await appendRecord(tx, {
      idempotencyKey: `subject_blacklisted:${input.subjectId}:${randomUUID()}`,
      caseRef: null,
      accountId: null,
      action: 'subject_blacklisted',
      article: BLACKLIST_ARTICLE,
      actor: by.id,
      reason: input.reason,
      evidence: { subjectId: input.subjectId },
    });
    return insertListing(tx, { subjectId: input.subjectId, reason: input.reason, article: BLACKLIST_ARTICLE, listedBy: by.id, recordSeq: record.seq });
  });
}

export async function liftBlacklist(deps: { db: Db }, by: Principal, body: unknown): Promise<Listing> {
  requireRole(by, BLACKLIST_ROLES, "lift a subject's blacklisting");
  const input = parseInput(LiftBlacklistSchema, body, 'lifting');
  return withTransaction(deps.db, async (tx) => {
    if (!(await getSubject(tx, input.subjectId))) throw new UnknownEntityError(`no subject "${input.subjectId}"`);
    await tx.query('SELECT pg_advisory_xact_lock(7233009, hashtext($1))', [input.subjectId]);
    const listing = await listingInForce(tx, input.subjectId);
    if (!listing) throw new StateConflictError(`subject "${input.subjectId}" is not blacklisted`);
    const { record } = await appendRecord(tx, {
      idempotencyKey: `subject_blacklist_lifted:${listing.id}`,
      caseRef: null,
      accountId: null,
      action: 'subject_blacklist_lifted',
      article: BLACKLIST_ARTICLE,
      actor: by.id,
      reason: input.reason,
      evidence: { subjectId: input.subjectId, listingId: listing.id, listedBy: listing.listedBy },
    });
    return (await liftListing(tx, { subjectId: input.subjectId, liftedBy: by.id, reason: input.reason, recordSeq: record.seq }))!;
  });
}
