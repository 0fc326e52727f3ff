import { AccessDeniedError, StateConflictError, UnknownEntityError } from '../../services/errors';
import { blacklistSubject, liftBlacklist, subjectStanding } from '../../services/standing';
import { insertAccount } from '../../store/accounts';
import { setCreditScore } from '../../store/credit';
import { withTransaction } from '../../store/db';
import { imposeMeasure } from '../../store/measures';
import { listRecords } from '../../store/records';
import { person } from '../helpers/identity';
import { REVIEWER, SECOND_SUPERVISOR, SUPERVISOR } from '../helpers/principals';
import { migratedStore } from '../store/migrated-store';
import { knownSubject, subjectDeps } from './fixtures';

const store = migratedStore();
const policy = () => subjectDeps(store.db()).policy;

test('standing: masked identity, credit tier from the policy, live accounts (a terminated one does not count)', async () => {
  const db = store.db();
  await knownSubject(db, 'subj-st-1', person(21));
  for (const id of ['st-a', 'st-b']) await insertAccount(db, { id, subjectId: 'subj-st-1', name: `账号${id}`, contactEmail: `${id}@users.example` });
  await withTransaction(db, (tx) => imposeMeasure(tx, { accountId: 'st-b', kind: 'terminate_service', caseRef: 'TEST-1', article: '第十九条', imposedBy: 'test', reason: '终止' }));

  const fresh = await subjectStanding(db, 'subj-st-1', policy());
  expect(fresh).toMatchObject({ subjectId: 'subj-st-1', kind: 'individual', credit: { score: 120, tier: 'A' }, accounts: 1, identity: { verified: true } });
  expect(fresh!.blacklisted).toBeUndefined();

  for (const [score, tier] of [[110, 'A'], [109, 'B'], [90, 'B'], [80, 'C'], [70, 'D'], [60, 'E'], [59, 'F']] as const) {
    await setCreditScore(db, 'subj-st-1', score);
    expect((await subjectStanding(db, 'subj-st-1', policy()))!.credit).toEqual({ score, tier });
  }
  expect(await subjectStanding(db, 'nobody', policy())).toBeUndefined();
});

test('a supervisor blacklists and another lifts; each is a record in the chain; the listing stays, lifted', async () => {
  const db = store.db();
  await knownSubject(db, 'subj-st-2', person(22));
  const listing = await blacklistSubject({ db }, SUPERVISOR, { subjectId: 'subj-st-2', reason: '多次发布违法信息' });
  expect(listing).toMatchObject({ subjectId: 'subj-st-2', article: '第十九条', listedBy: SUPERVISOR.id, liftedAt: null });
  expect((await subjectStanding(db, 'subj-st-2', policy()))!.blacklisted).toMatchObject({ reason: '多次发布违法信息', by: SUPERVISOR.id });

  await expect(blacklistSubject({ db }, SUPERVISOR, { subjectId: 'subj-st-2', reason: '再次' })).rejects.toBeInstanceOf(StateConflictError);

  const lifted = await liftBlacklist({ db }, SECOND_SUPERVISOR, { subjectId: 'subj-st-2', reason: '申诉成立' });
  expect(lifted).toMatchObject({ id: listing.id, liftedBy: SECOND_SUPERVISOR.id, liftReason: '申诉成立' });
  expect((await subjectStanding(db, 'subj-st-2', policy()))!.blacklisted).toBeUndefined();
  await expect(liftBlacklist({ db }, SUPERVISOR, { subjectId: 'subj-st-2', reason: '再次' })).rejects.toBeInstanceOf(StateConflictError);

  const records = (await listRecords(db)).filter((r) => r.evidence.subjectId === 'subj-st-2' && r.action.startsWith('subject_blacklist'));
  expect(records.map((r) => [r.action, r.actor, r.seq])).toEqual([
    ['subject_blacklisted', SUPERVISOR.id, listing.recordSeq],
    ['subject_blacklist_lifted', SECOND_SUPERVISOR.id, expect.any(String)],
  ]);
  // Lifted, never erased: the row cannot be deleted.
  await expect(db.query('DELETE FROM subject_blacklist WHERE subject_id = $1', ['subj-st-2'])).rejects.toThrow(/append-only/);
});

test('a reviewer may not blacklist; an unknown subject is 404; a bad reason names the field; nothing changes', async () => {
  const db = store.db();
  await knownSubject(db, 'subj-st-3', person(23));
  await expect(blacklistSubject({ db }, REVIEWER, { subjectId: 'subj-st-3', reason: 'x' })).rejects.toBeInstanceOf(AccessDeniedError);
  await expect(blacklistSubject({ db }, SUPERVISOR, { subjectId: 'nobody', reason: 'x' })).rejects.toBeInstanceOf(UnknownEntityError);
  await expect(blacklistSubject({ db }, SUPERVISOR, { subjectId: 'subj-st-3', reason: '  ' })).rejects.toMatchObject({ issues: [{ field: 'reason', rule: 'must not be empty' }] });
  expect((await subjectStanding(db, 'subj-st-3', policy()))!.blacklisted).toBeUndefined();
});
