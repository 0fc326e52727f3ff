import type { Principal } from '../../rules/roles';
import type { Tx } from '../../store/db';
import { appendRecord, type StoredRecord } from '../../store/records';

/**
 * Who may act is part of what was done: every token change is a record in the same chain as the
 * measures and the roster changes (services/operators.ts), under the same article, in the change's
 * own transaction. Ids only: no display names (real names), no secrets.
 */
export const ACCESS_ARTICLE = '第十九条';

export async function recordAccessChange(
  tx: Tx,
  by: Principal,
  change: { key: string; action: 'api_token_created' | 'api_token_revoked'; reason: string; evidence: Record<string, unknown> },
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
