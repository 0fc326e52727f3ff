import type { Sql } from './db';

export interface SentNotice {
  idempotencyKey: string;
  caseRef: string;
  accountId: string;
  kind: string;
  messageId: string;
  sentAt: Date;
}

const COLUMNS = `idempotency_key AS "idempotencyKey", case_ref AS "caseRef", account_id AS "accountId", kind,
  message_id AS "messageId", sent_at AS "sentAt"`;

export async function findSentNotice(db: Sql, key: string): Promise<SentNotice | undefined> {
  const r = await db.query<SentNotice>(`SELECT ${COLUMNS} FROM notices WHERE idempotency_key = $1`, [key]);
  return r.rows[0];
}

export async function markNoticeSent(db: Sql, n: Omit<SentNotice, 'sentAt'>): Promise<void> {
  await db.query(
    `INSERT INTO notices (idempotency_key, case_ref, account_id, kind, message_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [n.idempotencyKey, n.caseRef, n.accountId, n.kind, n.messageId],
  );
}

export async function listNotices(db: Sql, caseRef: string): Promise<SentNotice[]> {
  const r = await db.query<SentNotice>(`SELECT ${COLUMNS} FROM notices WHERE case_ref = $1 ORDER BY sent_at`, [caseRef]);
  return r.rows;
}
