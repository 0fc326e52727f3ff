import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAccountMeasureActivities, recordAndApply, type MeasureInput } from '../../activities/account-measures';
import { getAccount, insertAccount, upsertSubject } from '../../store/accounts';
import { connect, withTransaction, type Db } from '../../store/db';
import {
  activeMeasures,
  effectiveStatus,
  imposeMeasure,
  listMeasures,
  listOutbox,
  liftCaseMeasures,
  type Measure,
} from '../../store/measures';
import { migrate } from '../../store/migrate';
import { appendRecord, listRecords, verifyRecordChain } from '../../store/records';
import { migratedStore } from './migrated-store';
import { startPostgresDatabase, type TestDatabase } from '../helpers/postgres';

async function account(db: Db, id: string): Promise<string> {
  await upsertSubject(db, { id: `subj-${id}`, kind: 'individual', displayName: `主体 ${id}` });
  await insertAccount(db, { id, subjectId: `subj-${id}`, name: `账号${id}`, contactEmail: `${id}@users.example` });
  return id;
}

const outboxOf = async (db: Db, accountId: string) =>
  (await listOutbox(db)).filter((e) => e.accountId === accountId).map((e) => [e.event, e.kind, e.caseRef]);

const measureInput = (accountId: string, caseRef: string, what: string, actor = 'supervisor-wang'): MeasureInput => ({
  idempotencyKey: `${caseRef}:${what}`,
  caseRef,
  accountId,
  actor,
  reason: `${caseRef} ${what}`,
  article: 'Art. 8 ¶2',
});

describe('effectiveStatus', () => {
  const m = (kind: Measure['kind'], over: Partial<Measure> = {}): Measure => ({
    id: '1',
    accountId: 'a',
    kind,
    caseRef: 'C',
    article: 'Art. 8',
    imposedBy: 'x',
    reason: 'r',
    startedAt: new Date(0),
    endsAt: null,
    liftedAt: null,
    liftedBy: null,
    liftReason: null,
    imposedSeq: null,
    liftedSeq: null,
    ...over,
  });
  const now = new Date('2026-12-01T00:00:00Z');

  test('terminate_service or close_account wins over suspend_service; other kinds leave the account active', () => {
    expect(effectiveStatus([], now)).toBe('active');
    expect(effectiveStatus([m('warning'), m('limit_functions'), m('blacklist')], now)).toBe('active');
    expect(effectiveStatus([m('suspend_service'), m('warning')], now)).toBe('suspended');
    expect(effectiveStatus([m('suspend_service'), m('terminate_service')], now)).toBe('terminated');
    expect(effectiveStatus([m('close_account'), m('suspend_service')], now)).toBe('terminated');
  });

  test('a lifted or ended measure does not count; one ending later does', () => {
    expect(effectiveStatus([m('terminate_service', { liftedAt: now, liftedBy: 'x', liftReason: 'r' }), m('suspend_service')], now)).toBe('suspended');
    expect(effectiveStatus([m('suspend_service', { endsAt: now })], now)).toBe('active');
    expect(effectiveStatus([m('suspend_service', { endsAt: new Date(now.getTime() + 1) })], now)).toBe('suspended');
  });
});

describe('measures', () => {
  const store = migratedStore();
  const activities = () => createAccountMeasureActivities({ db: store.db(), mailer: undefined as never, policy: undefined as never });

  test('case A and case B each suspend one account: lifting A\'s leaves it suspended, lifting B\'s makes it active', async () => {
    const db = store.db();
    const acc = await account(db, 'm-two-cases');
    const acts = activities();
    // A through the old activity names (as cases in flight call them), B through the new ones.
    await acts.suspendService(measureInput(acc, 'NC-A', 'suspend'));
    await acts.imposeMeasure({ ...measureInput(acc, 'DEC-B', 'suspend'), kind: 'suspend_service', article: 'Art. 19 ¶2' });
    expect((await getAccount(db, acc))!.status).toBe('suspended');
    expect((await activeMeasures(db, acc)).map((m) => m.caseRef)).toEqual(['NC-A', 'DEC-B']);

    const restoreA = await acts.restoreService(measureInput(acc, 'NC-A', 'restore'));
    expect(restoreA).toMatchObject({ applied: true, measureIds: [expect.any(String)] });
    expect((await getAccount(db, acc))!.status).toBe('suspended');
    expect((await activeMeasures(db, acc)).map((m) => m.caseRef)).toEqual(['DEC-B']);

    // Lifting what a case never imposed changes nothing, but is recorded all the same.
    expect(await acts.liftMeasures({ ...measureInput(acc, 'NC-A', 'lift-again'), kinds: ['suspend_service'], action: 'restore_service' })).toMatchObject({
      applied: true,
      measureIds: [],
    });
    expect((await getAccount(db, acc))!.status).toBe('suspended');

    await acts.liftMeasures({ ...measureInput(acc, 'DEC-B', 'lift'), kinds: ['suspend_service'], action: 'lift_suspension' });
    expect((await getAccount(db, acc))!.status).toBe('active');

    expect((await listRecords(db, { accountId: acc })).map((r) => [r.caseRef, r.action])).toEqual([
      ['NC-A', 'suspend_service'],
      ['DEC-B', 'suspend_service'],
      ['NC-A', 'restore_service'],
      ['NC-A', 'restore_service'],
      ['DEC-B', 'lift_suspension'],
    ]);
    expect(await outboxOf(db, acc)).toEqual([
      ['imposed', 'suspend_service', 'NC-A'],
      ['imposed', 'suspend_service', 'DEC-B'],
      ['lifted', 'suspend_service', 'NC-A'],
      ['lifted', 'suspend_service', 'DEC-B'],
    ]);
    const [a, b] = await listMeasures(db, { accountId: acc });
    expect(a).toMatchObject({ caseRef: 'NC-A', imposedBy: 'supervisor-wang', liftedBy: 'supervisor-wang', liftReason: 'NC-A restore' });
    expect(b).toMatchObject({ caseRef: 'DEC-B', article: 'Art. 19 ¶2', liftReason: 'DEC-B lift' });
    expect(await listMeasures(db, { caseRef: 'DEC-B' })).toEqual([b]);
  });

  test('terminate wins: a terminated account stays terminated when its suspension is lifted', async () => {
    const db = store.db();
    const acc = await account(db, 'm-terminate');
    const acts = activities();
    await acts.suspendService(measureInput(acc, 'NC-T', 'suspend'));
    await acts.terminateService(measureInput(acc, 'NC-T', 'terminate', 'system'));
    expect((await getAccount(db, acc))!.status).toBe('terminated');
    await acts.restoreService(measureInput(acc, 'NC-T', 'restore'));
    expect((await getAccount(db, acc))!.status).toBe('terminated');
    expect((await activeMeasures(db, acc)).map((m) => m.kind)).toEqual(['terminate_service']);

    const closed = await account(db, 'm-closed');
    await acts.imposeMeasure({ ...measureInput(closed, 'DEC-C', 'close'), kind: 'close_account' });
    await acts.imposeMeasure({ ...measureInput(closed, 'DEC-C', 'warn'), kind: 'warning' });
    expect((await getAccount(db, closed))!.status).toBe('terminated');
  });

  test('a measure with an end is active until then, and no longer after; an end in the past is refused for good', async () => {
    const db = store.db();
    const acc = await account(db, 'm-ends');
    const acts = activities();
    const endsAt = new Date(Date.now() + 1500).toISOString();
    const r = await acts.imposeMeasure({ ...measureInput(acc, 'DEC-E', 'suspend'), kind: 'suspend_service', endsAt });
    expect((await getAccount(db, acc))!.status).toBe('suspended');
    const [m] = await activeMeasures(db, acc);
    expect(m).toMatchObject({ id: r.measureIds[0], endsAt: new Date(endsAt) });
    await new Promise((res) => setTimeout(res, 1700));
    expect((await getAccount(db, acc))!.status).toBe('active');
    expect(await activeMeasures(db, acc)).toEqual([]);
    expect(effectiveStatus(await listMeasures(db, { accountId: acc }))).toBe('active');
    // An ended measure is not lifted again: nothing is active to lift.
    expect((await acts.liftMeasures({ ...measureInput(acc, 'DEC-E', 'lift'), kinds: ['suspend_service'], action: 'lift' })).measureIds).toEqual([]);

    await expect(
      acts.imposeMeasure({ ...measureInput(acc, 'DEC-E', 'past'), kind: 'suspend_service', endsAt: '2020-01-01T00:00:00Z' }),
    ).rejects.toMatchObject({ type: 'InvalidMeasure', nonRetryable: true });
    await expect(acts.imposeMeasure({ ...measureInput(acc, 'DEC-E', 'kind'), kind: 'freeze' as never })).rejects.toMatchObject({
      type: 'UnknownMeasureKind',
      nonRetryable: true,
    });
    // Neither left a record.
    expect((await listRecords(db, { accountId: acc })).map((x) => x.action)).toEqual(['suspend_service', 'lift']);
  });

  test('each impose and lift writes one record and one outbox row in its transaction; a failed change rolls back the record', async () => {
    const db = store.db();
    const acc = await account(db, 'm-tx');
    const acts = activities();
    const imposed = await acts.imposeMeasure({ ...measureInput(acc, 'DEC-X', 'limit'), kind: 'limit_functions' });
    const lifted = await acts.liftMeasures({ ...measureInput(acc, 'DEC-X', 'unlimit'), kinds: ['limit_functions'], action: 'restore_functions' });
    const [m] = await listMeasures(db, { accountId: acc });
    expect(m).toMatchObject({ imposedSeq: imposed.seq, liftedSeq: lifted.seq });
    const events = (await listOutbox(db)).filter((e) => e.accountId === acc);
    expect(events.map((e) => [e.event, e.measureId, e.payload.recordSeq])).toEqual([
      ['imposed', m!.id, imposed.seq],
      ['lifted', m!.id, lifted.seq],
    ]);
    expect(await listRecords(db, { accountId: acc })).toHaveLength(2);

    // The change fails after the measure and its event were written: record, measure and event all go.
    await expect(
      recordAndApply(db, { ...measureInput(acc, 'DEC-X', 'fails'), action: 'suspend_service' }, async (tx, seq) => {
        await imposeMeasure(tx, { accountId: acc, kind: 'suspend_service', caseRef: 'DEC-X', article: 'a', imposedBy: 'x', reason: 'r', imposedSeq: seq });
        throw new Error('platform unreachable');
      }),
    ).rejects.toThrow('platform unreachable');
    // The database refuses the change: the same.
    await expect(
      withTransaction(db, async (tx) => {
        const { record } = await appendRecord(tx, { ...measureInput(acc, 'DEC-X', 'bad-kind'), action: 'freeze' });
        await imposeMeasure(tx, { accountId: acc, kind: 'freeze' as never, caseRef: 'DEC-X', article: 'a', imposedBy: 'x', reason: 'r', imposedSeq: record.seq });
      }),
    ).rejects.toThrow(/measures_kind_check/);
    expect(await listRecords(db, { accountId: acc })).toHaveLength(2);
    expect(await listMeasures(db, { accountId: acc })).toHaveLength(1);
    expect(await outboxOf(db, acc)).toHaveLength(2);
    expect((await getAccount(db, acc))!.status).toBe('active');
    expect(await verifyRecordChain(db)).toBeNull();
  });

  test('the record key guards the measure: the same key twice imposes once; without the guard a measure doubles (no index hides it)', async () => {
    const db = store.db();
    const acc = await account(db, 'm-idem');
    const acts = activities();
    const input = { ...measureInput(acc, 'NC-I', 'suspend'), kind: 'suspend_service' as const };
    const first = await acts.imposeMeasure(input);
    const again = await acts.imposeMeasure(input);
    expect(first).toMatchObject({ applied: true });
    expect(again).toEqual({ ...first, applied: false });
    expect(await listMeasures(db, { accountId: acc })).toHaveLength(1);
    expect(await outboxOf(db, acc)).toEqual([['imposed', 'suspend_service', 'NC-I']]);

    // A lift applied twice lifts once, even when the case imposed the same kind again in between.
    const lift = { ...measureInput(acc, 'NC-I', 'restore'), kinds: ['suspend_service' as const], action: 'restore_service' };
    expect((await acts.liftMeasures(lift)).applied).toBe(true);
    await acts.imposeMeasure({ ...input, idempotencyKey: 'NC-I:suspend-2' });
    expect(await acts.liftMeasures(lift)).toMatchObject({ applied: false });
    expect((await getAccount(db, acc))!.status).toBe('suspended');
    expect(await outboxOf(db, acc)).toEqual([
      ['imposed', 'suspend_service', 'NC-I'],
      ['lifted', 'suspend_service', 'NC-I'],
      ['imposed', 'suspend_service', 'NC-I'],
    ]);

    // The store alone does not deduplicate: what the guard prevents stays visible to a fault test.
    const other = await account(db, 'm-double');
    const raw = () => withTransaction(db, (tx) => imposeMeasure(tx, { accountId: other, kind: 'suspend_service', caseRef: 'NC-D', article: 'a', imposedBy: 'x', reason: 'r' }));
    await raw();
    await raw();
    expect(await listMeasures(db, { accountId: other })).toHaveLength(2);
    expect(await outboxOf(db, other)).toHaveLength(2);
  });

  test('liftCaseMeasures lifts only the kinds named, of the case named, and says which it lifted', async () => {
    const db = store.db();
    const acc = await account(db, 'm-kinds');
    const impose = (kind: Measure['kind'], caseRef: string) =>
      withTransaction(db, (tx) => imposeMeasure(tx, { accountId: acc, kind, caseRef, article: 'Art. 19 ¶2', imposedBy: 'x', reason: kind }));
    const warning = await impose('warning', 'DEC-K');
    const limit = await impose('limit_functions', 'DEC-K');
    await impose('limit_functions', 'DEC-OTHER');
    const lifted = await withTransaction(db, (tx) =>
      liftCaseMeasures(tx, { accountId: acc, caseRef: 'DEC-K', kinds: ['limit_functions', 'stop_ads'], liftedBy: 'y', reason: 'appeal upheld' }),
    );
    expect(lifted.map((m) => [m.id, m.liftedBy, m.liftReason])).toEqual([[limit.id, 'y', 'appeal upheld']]);
    expect((await activeMeasures(db, acc)).map((m) => [m.kind, m.caseRef])).toEqual([
      ['warning', 'DEC-K'],
      ['limit_functions', 'DEC-OTHER'],
    ]);
    expect((await activeMeasures(db, acc))[0]!.id).toBe(warning.id);
  });

  test('the outbox reads on from a seq', async () => {
    const db = store.db();
    const acc = await account(db, 'm-outbox');
    const acts = activities();
    const seen = (await listOutbox(db)).at(-1)?.seq ?? '0';
    await acts.imposeMeasure({ ...measureInput(acc, 'DEC-O', 'warn'), kind: 'warning' });
    await acts.imposeMeasure({ ...measureInput(acc, 'DEC-O', 'stop-ads'), kind: 'stop_ads' });
    const after = await listOutbox(db, { afterSeq: seen });
    expect(after.map((e) => e.kind)).toEqual(['warning', 'stop_ads']);
    expect((await listOutbox(db, { afterSeq: after[0]!.seq })).map((e) => e.kind)).toEqual(['stop_ads']);
  });
});

describe('migration 003', () => {
  let server: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    server = await startPostgresDatabase();
    // The owner: it plays the older release's worker that made the tables, then migrates.
    db = connect(server.ownerUrl);
  });
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  test('the old status becomes migrated measures; a case in flight still restores its own suspension', async () => {
    // A database as it was before 003, with the migrations before it applied the way migrate() applies them.
    const dir = join(__dirname, '../../store/migrations');
    await db.query('CREATE TABLE schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql') && f < '003').sort()) {
      await db.query(readFileSync(join(dir, file), 'utf8'));
      await db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file.replace(/\.sql$/, '')]);
    }
    await db.query(`INSERT INTO subjects (id, kind, display_name) VALUES ('s', 'individual', '张三')`);
    for (const [id, status] of [['old-active', 'active'], ['old-suspended', 'suspended'], ['old-terminated', 'terminated'], ['old-hand', 'suspended']]) {
      await db.query(`INSERT INTO accounts (id, subject_id, name, contact_email, status) VALUES ($1, 's', $1, 'a@users.example', $2)`, [id, status]);
    }
    // old-suspended was suspended by a case still open; old-hand's status was set without a record.
    await withTransaction(db, (tx) =>
      appendRecord(tx, { ...measureInput('old-suspended', 'NC-OLD', 'suspend', 'content-risk'), action: 'suspend_service' }),
    );
    await withTransaction(db, (tx) =>
      appendRecord(tx, { ...measureInput('old-terminated', 'NC-GONE', 'terminate', 'system'), action: 'terminate_service' }),
    );

    expect(await migrate(db, server)).toContain('003_measures');
    const columns = (await db.query<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'accounts'`)).rows.map((r) => r.c);
    expect(columns).not.toContain('status');
    expect(columns).toContain('content_category');

    const statuses = async () =>
      Object.fromEntries(await Promise.all(['old-active', 'old-suspended', 'old-terminated', 'old-hand'].map(async (id) => [id, (await getAccount(db, id))!.status])));
    expect(await statuses()).toEqual({ 'old-active': 'active', 'old-suspended': 'suspended', 'old-terminated': 'terminated', 'old-hand': 'suspended' });
    expect((await listMeasures(db)).map((m) => [m.accountId, m.kind, m.caseRef, m.imposedBy, m.reason, m.imposedSeq !== null])).toEqual([
      ['old-hand', 'suspend_service', null, 'migration:003', 'migrated from accounts.status', false],
      ['old-suspended', 'suspend_service', null, 'content-risk', 'migrated from accounts.status', true],
      ['old-terminated', 'terminate_service', null, 'system', 'migrated from accounts.status', true],
    ]);
    expect((await listOutbox(db)).map((e) => [e.event, e.accountId, e.payload.migrated])).toEqual([
      ['imposed', 'old-hand', true],
      ['imposed', 'old-suspended', true],
      ['imposed', 'old-terminated', true],
    ]);
    expect((await getAccount(db, 'old-active'))!.contentCategory).toBe('general');

    // The case that suspended old-suspended before the migration restores it; another case cannot
    // lift old-hand's suspension, whose case nobody knows.
    const acts = createAccountMeasureActivities({ db, mailer: undefined as never, policy: undefined as never });
    await acts.restoreService(measureInput('old-hand', 'NC-OTHER', 'restore'));
    await acts.restoreService(measureInput('old-suspended', 'NC-OLD', 'restore'));
    expect(await statuses()).toEqual({ 'old-active': 'active', 'old-suspended': 'active', 'old-terminated': 'terminated', 'old-hand': 'suspended' });
  });
});
