import { RegisterAccountSchema, UpdateAccountSchema } from '../schemas/accounts';
import { AccountIdSchema } from '../schemas/common';
import { InvalidInputError, parseInput } from '../schemas/errors';
import { ensureSubject, getAccount, getSubject, insertAccount, updateAccountFields, type Account } from '../store/accounts';
import { withTransaction } from '../store/db';
import { activeMeasures, effectiveStatus, type AccountStatus, type Measure } from '../store/measures';
import type { ServiceDeps } from './deps';
import { badgeFor, type AccountBadge } from './qualifications';

/** The registry needs the store only. */
export type RegistryDeps = Pick<ServiceDeps, 'db'>;

export interface AccountView {
  account: Account;
  /** The measures in force, oldest first; the status below is derived from them. */
  measures: Measure[];
  status: AccountStatus;
  /** Art. 9's special badge: shown while the subject holds a verified qualification for the account's regulated category. */
  badge: AccountBadge;
}

function refused(what: string, field: string, rule: string, detail: string): InvalidInputError {
  return new InvalidInputError(`invalid ${what}: ${field}: ${detail}`, [{ field, rule }]);
}

const isUniqueViolation = (err: unknown) => (err as { code?: string })?.code === '23505';

/**
 * Registers an account, and its subject if the subject is new. An existing subject is linked as it is
 * (changing a subject's identity is not a registration); one of another kind is refused. An existing
 * account id is refused: registration never overwrites an account (its name, measures, history).
 */
export async function registerAccount(deps: RegistryDeps, raw: unknown): Promise<Account> {
  const input = parseInput(RegisterAccountSchema, raw, 'account');
  try {
    await withTransaction(deps.db, async (tx) => {
      if (await getAccount(tx, input.id)) throw refused('account', 'id', 'must not name an existing account', `account "${input.id}" exists already`);
      if (!(await ensureSubject(tx, input.subject))) {
        const subject = (await getSubject(tx, input.subject.id))!;
        if (subject.kind !== input.subject.kind) {
          throw refused('account', 'subject.kind', `must match the registered subject (${subject.kind})`, `subject "${subject.id}" is registered as ${subject.kind}`);
        }
      }
      await insertAccount(tx, {
        id: input.id,
        subjectId: input.subject.id,
        name: input.name,
        contactEmail: input.contactEmail,
        contentCategory: input.contentCategory,
        bio: input.bio ?? '',
        avatarUrl: input.avatarUrl ?? null,
      });
    });
  } catch (err) {
    // Two registrations of one id at once: the second finds the row only at insert.
    if (isUniqueViolation(err)) throw refused('account', 'id', 'must not name an existing account', `account "${input.id}" exists already`);
    throw err;
  }
  return (await getAccount(deps.db, input.id))!;
}

/** Changes an account's own fields. Never touches its measures: those change only through cases. */
export async function updateAccount(deps: RegistryDeps, raw: unknown): Promise<Account> {
  const { id, ...fields } = parseInput(UpdateAccountSchema, raw, 'account update');
  if (!(await updateAccountFields(deps.db, id, fields))) {
    throw refused('account update', 'id', 'must name an account in the registry', `no account "${id}" in the registry`);
  }
  return (await getAccount(deps.db, id))!;
}

/** The account with the measures in force and the status they give it; undefined for an unknown id. */
export async function getAccountView(deps: RegistryDeps, id: string): Promise<AccountView | undefined> {
  const accountId = parseInput(AccountIdSchema, id, 'account id');
  const account = await getAccount(deps.db, accountId);
  if (!account) return undefined;
  const measures = await activeMeasures(deps.db, accountId);
  // The status from the same measures as the list, so the view cannot contradict itself.
  const status = effectiveStatus(measures);
  const badge = await badgeFor(deps.db, account.subjectId, account.contentCategory);
  return { account: { ...account, status }, measures, status, badge };
}
