import { InvalidInputError } from '../../schemas/errors';
import { AccessDeniedError } from '../../services/errors';
import { recordSubjectIdentity } from '../../services/subjects';
import { getSubject } from '../../store/accounts';
import { getSubjectIdentity } from '../../store/subject-identities';
import { listRecords } from '../../store/records';
import { person, organisation, testVault } from '../helpers/identity';
import { PLATFORM, REVIEWER } from '../helpers/principals';
import { migratedStore } from '../store/migrated-store';
import { knownSubject, subjectDeps } from './fixtures';
import { registerKnownIdentity } from '../../identity/store-verifier';
import type { IdentityVerifier } from '../../identity/verifier';

const store = migratedStore();
const body = (id: string, claim = person(1), kind: 'individual' | 'organisation' = 'individual') => ({
  subject: { id, kind, displayName: claim.name },
  identity: claim,
  contactEmail: `${id}@users.example`,
});

async function refusal(p: Promise<unknown>): Promise<InvalidInputError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(InvalidInputError);
  return err as InvalidInputError;
}

test('a known identity is recorded verified: the subject with its contact address, masked forms, a record', async () => {
  const claim = person(11);
  const view = await knownSubject(store.db(), 'subj-id-1', claim);
  expect(view).toEqual({ subjectId: 'subj-id-1', kind: 'resident_id', numberMasked: `110105********${claim.number.slice(-4)}`, phoneMasked: `139****${claim.phone.slice(-4)}`, verified: true });
  expect(await getSubject(store.db(), 'subj-id-1')).toMatchObject({ kind: 'individual', contactEmail: 'subj-id-1@users.example' });
  const stored = (await getSubjectIdentity(store.db(), 'subj-id-1'))!;
  expect(stored.verifiedBy).toBe('store');
  expect(testVault().open(stored.numberSealed)).toBe(claim.number);
  const records = (await listRecords(store.db())).filter((r) => r.action === 'subject_identity_recorded');
  expect(records.at(-1)).toMatchObject({ actor: PLATFORM.id, article: '第八条第一款', evidence: { subjectId: 'subj-id-1', numberMasked: view.numberMasked } });
  expect(JSON.stringify(records)).not.toContain(claim.number);
});

test.each([
  ['a number the register does not know', () => person(99), 'identity.number', 'must be a number the real-name register knows'],
  ['a name that is not the one registered', () => ({ ...person(12), name: '冒名者' }), 'identity.name', 'must be the name registered with the number'],
  ['a phone that is not the one registered', () => ({ ...person(12), phone: '13700000000' }), 'identity.phone', 'must be the phone number registered with the number'],
])('a false identity (%s) is refused naming the field, and nothing is kept', async (_what, claim, field, rule) => {
  await registerKnownIdentity(store.db(), testVault(), person(12));
  const e = await refusal(recordSubjectIdentity(subjectDeps(store.db()), PLATFORM, body('subj-false', claim())));
  expect(e.issues).toEqual([{ field, rule }]);
  expect(await getSubject(store.db(), 'subj-false')).toBeUndefined();
  expect(await getSubjectIdentity(store.db(), 'subj-false')).toBeUndefined();
});

test('malformed numbers are refused before any verifier is asked, each naming the digit to check', async () => {
  const e = await refusal(recordSubjectIdentity(subjectDeps(store.db()), PLATFORM, body('subj-bad', { ...person(13), number: '110105199001010131', phone: '12345' })));
  expect(e.issues).toEqual([
    { field: 'identity.number', rule: expect.stringContaining('校验位') },
    { field: 'identity.phone', rule: expect.stringContaining('11') },
  ]);
  const kind = await refusal(recordSubjectIdentity(subjectDeps(store.db()), PLATFORM, body('subj-bad', organisation(1), 'individual')));
  expect(kind.issues).toEqual([{ field: 'identity.kind', rule: 'must be resident_id for a subject of kind individual' }]);
});

test('one real identity is one subject: the same number under a new subject id is refused, without naming the other', async () => {
  await knownSubject(store.db(), 'subj-once', person(14));
  const e = await refusal(recordSubjectIdentity(subjectDeps(store.db()), PLATFORM, body('subj-twice', person(14))));
  expect(e.issues).toEqual([{ field: 'identity.number', rule: 'must not be bound to another subject' }]);
  expect(e.message).not.toContain('subj-once');
  // The same subject again (a corrected contact address) is fine; another number for it is not.
  await expect(knownSubject(store.db(), 'subj-once', person(14))).resolves.toMatchObject({ verified: true });
  await registerKnownIdentity(store.db(), testVault(), person(15));
  const other = await refusal(recordSubjectIdentity(subjectDeps(store.db()), PLATFORM, body('subj-once', person(15))));
  expect(other.issues).toEqual([{ field: 'identity.number', rule: 'must be the number already recorded for this subject' }]);
});

test('a verifier that cannot answer leaves the identity recorded but unverified', async () => {
  const down: IdentityVerifier = { source: 'http', verify: async () => ({ ok: false, code: 'unavailable', reason: 'down' }) };
  const view = await recordSubjectIdentity({ ...subjectDeps(store.db()), verifier: down }, PLATFORM, body('subj-later', person(16)));
  expect(view.verified).toBe(false);
  expect(await getSubjectIdentity(store.db(), 'subj-later')).toMatchObject({ verifiedAt: null, verifiedBy: null });
});

test('only a platform service records identities', async () => {
  await expect(recordSubjectIdentity(subjectDeps(store.db()), REVIEWER, body('subj-rev', person(17)))).rejects.toBeInstanceOf(AccessDeniedError);
});
