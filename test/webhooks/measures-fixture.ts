import { insertAccount, upsertSubject } from '../../store/accounts';
import { withTransaction, type Db } from '../../store/db';
import { imposeMeasure, liftCaseMeasures, type MeasureKind } from '../../store/measures';

/** An account to impose measures on (measures reference the registry). */
export async function seedAccount(db: Db, id: string): Promise<string> {
  await upsertSubject(db, { id: `subj-${id}`, kind: 'individual', displayName: `主体 ${id}` });
  await insertAccount(db, { id, subjectId: `subj-${id}`, name: `账号${id}`, contactEmail: `${id}@users.example` });
  return id;
}

/** Imposes a measure as the activities do: in a transaction of its own, outbox event included. */
export function impose(db: Db, accountId: string, caseRef: string, kind: MeasureKind = 'suspend_service') {
  return withTransaction(db, (tx) =>
    imposeMeasure(tx, { accountId, kind, caseRef, article: 'Art. 8 ¶2', imposedBy: 'supervisor-wang', reason: `${caseRef} ${kind}` }),
  );
}

export function lift(db: Db, accountId: string, caseRef: string, kinds: MeasureKind[] = ['suspend_service']) {
  return withTransaction(db, (tx) => liftCaseMeasures(tx, { accountId, caseRef, kinds, liftedBy: 'supervisor-wang', reason: `${caseRef} lifted` }));
}

/** Every outbox seq, in order: what a consumer must end up with. */
export async function allOutboxSeqs(db: Db): Promise<string[]> {
  return (await db.query<{ seq: string }>('SELECT seq::text AS seq FROM measure_outbox o ORDER BY o.seq')).rows.map((r) => r.seq);
}
