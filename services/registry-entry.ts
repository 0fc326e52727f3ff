import type { Policy } from '../policy/policy';
import { normalizeName, pinyinKey } from '../rules/names';
import type { RegistrationFinding } from '../schemas/registration';
import { getAccount, insertAccount, type ContentCategory } from '../store/accounts';
import { listingInForce } from '../store/blacklist';
import { withTransaction, type Db, type Tx } from '../store/db';
import { appendRecord, type RecordInput } from '../store/records';
import { findReservedMatches } from '../store/reserved-names';
import { countLiveAccounts } from '../store/subject-identities';

/** The account as a registration enters it in the registry; the contact is the subject's (subjects.contact_email). */
export interface RegistryEntry {
  accountId: string;
  subjectId: string;
  name: string;
  contentCategory: ContentCategory;
  bio?: string;
  avatarUrl?: string;
}

export type EntryResult = { registered: true; recordSeq: string } | { registered: false; findings: RegistrationFinding[] };

class Refused extends Error {
  constructor(readonly findings: RegistrationFinding[]) {
    super('refused');
  }
}

/**
 * The last step of every registration, at once or after a review: the rules that can change while a
 * case waits are checked again (the id still free, the name not reserved since, the subject not
 * blacklisted since, its quota not filled by another registration), under a lock on the subject so
 * that two registrations of one subject cannot both take its last place; then the account is inserted
 * and `register_account` recorded, in one transaction. Idempotent by the record's key: a retry finds
 * the record and changes nothing.
 */
export async function enterRegistry(db: Db, policy: Pick<Policy, 'registration'>, rec: Omit<RecordInput, 'action'>, a: RegistryEntry): Promise<EntryResult> {
  try {
    return await withTransaction(db, async (tx) => {
      const { inserted, record } = await appendRecord(tx, { ...rec, action: 'register_account' });
      if (!inserted) return { registered: true as const, recordSeq: record.seq };
      const subject = await lockSubject(tx, a.subjectId);
      const findings = await refusalsNow(tx, policy, a, subject.kind);
      if (findings.length) throw new Refused(findings);
      if (!subject.contactEmail) throw new Refused([{ rule: 'identity', field: 'contactEmail', detail: 'the subject has no contact address on file', severity: 'refuse' }]);
      await insertAccount(tx, { id: a.accountId, subjectId: a.subjectId, name: a.name, contactEmail: subject.contactEmail, contentCategory: a.contentCategory, bio: a.bio ?? '', avatarUrl: a.avatarUrl ?? null });
      return { registered: true as const, recordSeq: record.seq };
    });
  } catch (err) {
    // The transaction rolled back, the record with it: a refusal is the caller's to record.
    if (err instanceof Refused) return { registered: false, findings: err.findings };
    throw err;
  }
}

async function lockSubject(tx: Tx, subjectId: string): Promise<{ kind: 'individual' | 'organisation'; contactEmail: string | null }> {
  const r = await tx.query<{ kind: 'individual' | 'organisation'; contactEmail: string | null }>(
    'SELECT kind, contact_email AS "contactEmail" FROM subjects WHERE id = $1 FOR UPDATE',
    [subjectId],
  );
  if (!r.rows[0]) throw new Refused([{ rule: 'identity', field: 'subject.id', detail: `no subject "${subjectId}" on file`, severity: 'refuse' }]);
  return r.rows[0];
}

async function refusalsNow(tx: Tx, policy: Pick<Policy, 'registration'>, a: RegistryEntry, kind: 'individual' | 'organisation'): Promise<RegistrationFinding[]> {
  const out: RegistrationFinding[] = [];
  if (await getAccount(tx, a.accountId)) out.push({ rule: 'account_id', field: 'accountId', detail: `account "${a.accountId}" exists already`, severity: 'refuse' });
  const reserved = (await findReservedMatches(tx, normalizeName(a.name), pinyinKey(a.name))).filter((r) => r.normalized === normalizeName(a.name));
  if (reserved.length) out.push({ rule: 'name', field: 'name', detail: `「${a.name}」 is the name of a closed account and may not be registered again (Art. 8 ¶3)`, severity: 'refuse' });
  const listing = await listingInForce(tx, a.subjectId);
  if (listing) out.push({ rule: 'blacklist', field: 'subject.id', detail: `the subject is blacklisted (${listing.article})`, severity: 'refuse' });
  const max = policy.registration.maxAccountsPerSubject[kind];
  const live = await countLiveAccounts(tx, a.subjectId);
  if (live >= max) out.push({ rule: 'quota', field: 'subject.id', detail: `the subject holds ${live} accounts; at most ${max} are allowed for a subject of kind ${kind} (Art. 10 ¶1)`, severity: 'refuse' });
  return out;
}
