import { ApplicationFailure } from '@temporalio/activity';
import { applyProfile, getAccount, type Profile } from '../store/accounts';
import { withTransaction, type Db, type Tx } from '../store/db';
import { imposeMeasure as imposeMeasureRow, liftCaseMeasures, MEASURE_KINDS, type MeasureKind } from '../store/measures';
import { appendRecord, type RecordInput } from '../store/records';
import { reserveName } from '../store/reserved-names';
import { normalizeName, pinyinKey } from '../rules/names';
import type { ActivityDeps } from './deps';

/** Common fields of every measure: the record's idempotency key, the case and who decided it. */
export interface MeasureInput {
  idempotencyKey: string;
  caseRef: string;
  accountId: string;
  actor: string;
  reason: string;
  article: string;
  evidence?: Record<string, unknown>;
}

/**
 * Idempotency: the record and the change it records commit in one transaction, and the change is made
 * only when the record is new. A retried activity (worker killed after commit, before reporting)
 * finds its record and changes nothing.
 */
export async function recordAndApply<T>(
  db: Db,
  rec: RecordInput,
  change: (tx: Tx, recordSeq: string) => Promise<T>,
): Promise<{ applied: boolean; seq: string; changed?: T }> {
  return withTransaction(db, async (tx) => {
    const { inserted, record } = await appendRecord(tx, rec);
    if (!inserted) return { applied: false, seq: record.seq };
    return { applied: true, seq: record.seq, changed: await change(tx, record.seq) };
  });
}

async function requireAccount(db: Db, accountId: string) {
  const account = await getAccount(db, accountId);
  if (!account) throw ApplicationFailure.nonRetryable(`account ${accountId} does not exist`, 'UnknownAccount');
  return account;
}

function requireKinds(kinds: readonly string[]): void {
  const unknown = kinds.filter((k) => !(MEASURE_KINDS as readonly string[]).includes(k));
  // A wrong kind would fail the same way on every retry: fail the activity for good.
  if (unknown.length) throw ApplicationFailure.nonRetryable(`unknown measure kind ${unknown.join(', ')}`, 'UnknownMeasureKind');
}

/** An ISO 8601 end (activity inputs travel as JSON, so not a Date). Whether it is still ahead is checked at imposition. */
function parseEnd(endsAt: string | undefined): Date | null {
  if (endsAt === undefined) return null;
  const end = new Date(endsAt);
  if (Number.isNaN(end.getTime())) throw ApplicationFailure.nonRetryable(`endsAt ${endsAt} is not a date-time`, 'InvalidMeasure');
  return end;
}

export type ImposeMeasureInput = MeasureInput & { kind: MeasureKind; endsAt?: string };
export type LiftMeasuresInput = MeasureInput & { kinds: MeasureKind[]; action: string };

/** The measures a record imposed or lifted: what a retry reports, the first attempt having made them. */
async function measureIdsOf(db: Db, column: 'imposed_seq' | 'lifted_seq', seq: string): Promise<string[]> {
  const r = await db.query<{ id: string }>(`SELECT id FROM measures WHERE ${column} = $1 ORDER BY id`, [seq]);
  return r.rows.map((x) => x.id);
}

export function createAccountMeasureActivities({ db, onRecord }: ActivityDeps) {
  // Each new record is reported once, after its transaction commits (npm start prints a line for it).
  const apply = async <T>(rec: RecordInput, change: (tx: Tx, recordSeq: string) => Promise<T>) => {
    const out = await recordAndApply(db, rec, change);
    if (out.applied) onRecord?.(rec);
    return out;
  };

  /** Imposes one measure for m.caseRef; the record's action is the kind (e.g. 'suspend_service'). */
  async function imposeMeasure(m: ImposeMeasureInput) {
    requireKinds([m.kind]);
    const endsAt = parseEnd(m.endsAt);
    await requireAccount(db, m.accountId);
    const { kind, endsAt: _end, ...rec } = m;
    const { changed, ...result } = await apply({ ...rec, action: kind, evidence: endsAt ? { ...m.evidence, endsAt: m.endsAt } : m.evidence }, (tx, seq) => {
      // Checked only for a new record: a retry of a committed measure that has ended since is no error.
      if (endsAt && endsAt.getTime() <= Date.now()) {
        throw ApplicationFailure.nonRetryable(`endsAt ${m.endsAt} is not in the future`, 'InvalidMeasure');
      }
      return imposeMeasureRow(tx, { accountId: m.accountId, kind, caseRef: m.caseRef, article: m.article, imposedBy: m.actor, reason: m.reason, endsAt, imposedSeq: seq });
    });
    // A retry reports the measure the first attempt imposed.
    return { ...result, measureIds: changed ? [changed.id] : await measureIdsOf(db, 'imposed_seq', result.seq) };
  }

  /** Lifts the active measures of those kinds that m.caseRef imposed; another case's measures stay. */
  async function liftMeasures(m: LiftMeasuresInput) {
    requireKinds(m.kinds);
    await requireAccount(db, m.accountId);
    const { kinds, ...rec } = m;
    const { changed, ...result } = await apply({ ...rec, evidence: { ...m.evidence, kinds } }, (tx, seq) =>
      liftCaseMeasures(tx, { accountId: m.accountId, caseRef: m.caseRef, kinds, liftedBy: m.actor, reason: m.reason, article: m.article, liftedSeq: seq }),
    );
    return { ...result, measureIds: changed ? changed.map((x) => x.id) : await measureIdsOf(db, 'lifted_seq', result.seq) };
  }

  return {
    imposeMeasure,
    liftMeasures,

    // The first activities, kept registered under their names so that cases already in flight (and
    // their histories, on replay) find them; adapters onto the measures. Record actions unchanged.
    /** Art. 8 ¶2 "暂停提供服务": the account may not publish while the case runs. */
    suspendService: (m: MeasureInput) => imposeMeasure({ ...m, kind: 'suspend_service' }),
    /** Lifts this case's suspension only: a suspension another case imposed stays. */
    restoreService: (m: MeasureInput) => liftMeasures({ ...m, kinds: ['suspend_service'], action: 'restore_service' }),
    /** Art. 8 ¶2 "终止提供服务". */
    terminateService: (m: MeasureInput) => imposeMeasure({ ...m, kind: 'terminate_service' }),

    async applyCorrectedProfile(m: MeasureInput & { profile: Profile }) {
      await requireAccount(db, m.accountId);
      const { applied, seq } = await apply({ ...m, action: 'apply_profile', evidence: { ...m.evidence, profile: m.profile } }, (tx) =>
        applyProfile(tx, m.accountId, m.profile),
      );
      return { applied, seq };
    },

    /** Art. 8 ¶3: the name of an account whose service was terminated may never be registered again. */
    async reserveAccountName(m: MeasureInput) {
      const account = await requireAccount(db, m.accountId);
      const { changed: _, ...result } = await apply({ ...m, action: 'reserve_name', evidence: { ...m.evidence, name: account.name } }, (tx) =>
        reserveName(tx, {
          normalized: normalizeName(account.name),
          pinyinKey: pinyinKey(account.name),
          name: account.name,
          reason: m.reason,
          caseRef: m.caseRef,
          accountId: m.accountId,
        }),
      );
      return { ...result, name: account.name };
    },

    /** An operator's or account holder's decision that is not itself a measure: recorded all the same. */
    async recordDecision(m: MeasureInput & { action: string }) {
      const { applied, seq } = await apply(m, async () => undefined);
      return { applied, seq };
    },
  };
}
