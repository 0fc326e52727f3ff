import type { Sql, Tx } from './db';

/**
 * The measures a platform may take on an account: the ladder of Art. 19 ¶2 (警示, 限制功能, 暂停更新,
 * 停止广告发布, 关闭注销账号, 列入黑名单, 禁止重新注册) and Art. 8 ¶2's 暂停/终止提供服务.
 * The same list is the CHECK on measures.kind (migrations/003_measures.sql).
 */
export const MEASURE_KINDS = [
  'warning',
  'limit_functions',
  'suspend_updates',
  'stop_ads',
  'close_account',
  'blacklist',
  'ban_reregistration',
  'suspend_service',
  'terminate_service',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

export type AccountStatus = 'active' | 'suspended' | 'terminated';

export interface Measure {
  id: string;
  accountId: string;
  kind: MeasureKind;
  /** The case or decision that imposed it; null only for rows migrated from the old status column. */
  caseRef: string | null;
  article: string | null;
  imposedBy: string;
  reason: string;
  startedAt: Date;
  endsAt: Date | null;
  liftedAt: Date | null;
  liftedBy: string | null;
  liftReason: string | null;
  /** The record that imposed / lifted it (records.seq). */
  imposedSeq: string | null;
  liftedSeq: string | null;
}

export interface OutboxEvent {
  seq: string;
  measureId: string;
  event: 'imposed' | 'lifted';
  accountId: string;
  kind: MeasureKind;
  caseRef: string | null;
  at: Date;
  payload: Record<string, unknown>;
}

// bigint ids and seqs arrive as strings (pg's default for int8), as records.seq does.
const COLUMNS = `id, account_id AS "accountId", kind, case_ref AS "caseRef", article, imposed_by AS "imposedBy",
  reason, started_at AS "startedAt", ends_at AS "endsAt", lifted_at AS "liftedAt", lifted_by AS "liftedBy",
  lift_reason AS "liftReason", imposed_seq AS "imposedSeq", lifted_seq AS "liftedSeq"`;

/** Active: not lifted, and not past its end. The one definition, in SQL; isActive() is the same in TS. */
export const ACTIVE_SQL = '(lifted_at IS NULL AND (ends_at IS NULL OR ends_at > now()))';

export function isActive(m: Pick<Measure, 'liftedAt' | 'endsAt'>, now: Date = new Date()): boolean {
  return m.liftedAt === null && (m.endsAt === null || m.endsAt.getTime() > now.getTime());
}

/** The status the platform enforces, from the kinds of the active measures: termination wins over suspension. */
export function statusOfKinds(kinds: readonly string[]): AccountStatus {
  if (kinds.includes('terminate_service') || kinds.includes('close_account')) return 'terminated';
  if (kinds.includes('suspend_service')) return 'suspended';
  return 'active';
}

/** The account's status from its measures (any of them: lifted and ended ones do not count). */
export function effectiveStatus(measures: readonly Measure[], now: Date = new Date()): AccountStatus {
  return statusOfKinds(measures.filter((m) => isActive(m, now)).map((m) => m.kind));
}

/**
 * Outbox rows are numbered in commit order: the lock, held to the end of the transaction, keeps a
 * later-committing writer from taking a lower seq, so a reader that resumes "after seq N" misses nothing.
 */
async function writeOutbox(tx: Tx, m: Measure, event: 'imposed' | 'lifted', payload: Record<string, unknown>): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(7233003)');
  await tx.query(
    `INSERT INTO measure_outbox (measure_id, event, account_id, kind, case_ref, at, payload)
     VALUES ($1, $2, $3, $4, $5, now(), $6)`,
    [m.id, event, m.accountId, m.kind, m.caseRef, JSON.stringify(payload)],
  );
}

export interface ImposeMeasure {
  accountId: string;
  kind: MeasureKind;
  caseRef: string;
  article: string;
  imposedBy: string;
  reason: string;
  endsAt?: Date | null;
  /** The record of this measure (store/records.ts appendRecord, same transaction). */
  imposedSeq?: string | null;
}

/**
 * Imposes a measure and writes its 'imposed' event, in the caller's transaction. Not idempotent by
 * itself: the caller makes it so by imposing only when its record is new (activities/account-measures.ts).
 */
export async function imposeMeasure(tx: Tx, m: ImposeMeasure): Promise<Measure> {
  const r = await tx.query<Measure>(
    `INSERT INTO measures (account_id, kind, case_ref, article, imposed_by, reason, ends_at, imposed_seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [m.accountId, m.kind, m.caseRef, m.article, m.imposedBy, m.reason, m.endsAt ?? null, m.imposedSeq ?? null],
  );
  const measure = r.rows[0]!;
  await writeOutbox(tx, measure, 'imposed', {
    article: m.article,
    actor: m.imposedBy,
    reason: m.reason,
    endsAt: measure.endsAt?.toISOString() ?? null,
    recordSeq: measure.imposedSeq,
  });
  return measure;
}

export interface LiftCaseMeasures {
  accountId: string;
  caseRef: string;
  kinds: readonly MeasureKind[];
  liftedBy: string;
  reason: string;
  article?: string;
  liftedSeq?: string | null;
}

/**
 * Lifts the active measures of those kinds that this case imposed, and no other: another case's
 * suspension of the same account stays. A migrated measure (case_ref NULL) counts as this case's when
 * the record that imposed it belongs to the case (a case in flight across migration 003).
 * Writes one 'lifted' event per measure lifted, in the caller's transaction.
 */
export async function liftCaseMeasures(tx: Tx, l: LiftCaseMeasures): Promise<Measure[]> {
  const r = await tx.query<Measure>(
    `UPDATE measures m SET lifted_at = now(), lifted_by = $4, lift_reason = $5, lifted_seq = $6
     WHERE m.account_id = $1 AND m.kind = ANY($3::text[]) AND ${ACTIVE_SQL}
       AND (m.case_ref = $2
            OR (m.case_ref IS NULL AND EXISTS (SELECT 1 FROM records r WHERE r.seq = m.imposed_seq AND r.case_ref = $2)))
     RETURNING ${COLUMNS}`,
    [l.accountId, l.caseRef, [...l.kinds], l.liftedBy, l.reason, l.liftedSeq ?? null],
  );
  const lifted = r.rows.sort((a, b) => Number(a.id) - Number(b.id));
  for (const m of lifted) {
    await writeOutbox(tx, m, 'lifted', { article: l.article ?? null, actor: l.liftedBy, reason: l.reason, recordSeq: m.liftedSeq });
  }
  return lifted;
}

export async function activeMeasures(db: Sql, accountId: string): Promise<Measure[]> {
  const r = await db.query<Measure>(`SELECT ${COLUMNS} FROM measures WHERE account_id = $1 AND ${ACTIVE_SQL} ORDER BY id`, [accountId]);
  return r.rows;
}

/** Every measure, lifted and ended ones included, in the order imposed. */
export async function listMeasures(db: Sql, filter: { accountId?: string; caseRef?: string } = {}): Promise<Measure[]> {
  const r = await db.query<Measure>(
    `SELECT ${COLUMNS} FROM measures
     WHERE ($1::text IS NULL OR account_id = $1) AND ($2::text IS NULL OR case_ref = $2) ORDER BY id`,
    [filter.accountId ?? null, filter.caseRef ?? null],
  );
  return r.rows;
}

/** The outbox in order, from after `afterSeq` (a consumer's last delivered seq). */
export async function listOutbox(db: Sql, opts: { afterSeq?: string; limit?: number } = {}): Promise<OutboxEvent[]> {
  const r = await db.query<OutboxEvent>(
    `SELECT seq, measure_id AS "measureId", event, account_id AS "accountId", kind, case_ref AS "caseRef", at, payload
     FROM measure_outbox WHERE seq > $1::bigint ORDER BY seq LIMIT $2`,
    [opts.afterSeq ?? '0', opts.limit ?? 1000],
  );
  return r.rows;
}
