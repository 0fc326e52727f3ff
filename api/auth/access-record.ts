import type { Principal } from '../../rules/roles';
import type { Tx } from '../../store/db';
import { appendRecord, type StoredRecord } from '../../store/records';

/**
 * Who may act is part of what was done: every roster and token change is a record in the same chain
 * as the measures (Art. 19 ¶2, 保存有关记录), in the change's own transaction. Ids and roles only: no
 * display names (real names), no secrets.
 */
export const ACCESS_ARTICLE = '第十九条第二款';

export async function recordAccessChange(
  tx: Tx,
  by: Principal,
  change: { key: string; action: 'roster_changed' | 'api_token_created' | 'api_token_revoked'; reason: string; evidence: Record<string, unknown> },
): Promise<StoredRecord> {
  const { record } = await appendRecord(tx, {
    idempotencyKey: change.key,
    caseRef: null,
    accountId: null,
    action: change.action,
    article: ACCESS_ARTICLE,
    actor: by.id,
    reason: change.reason,
    evidence: change.evidence,
  });
  return record;
}
