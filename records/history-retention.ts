import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';

/**
 * Sets the namespace's retention of closed workflow histories to the policy's (retention.history),
 * when it is not that already; returns the days it was before. `npm start` applies it to the dev
 * server; a production namespace is set by its operators (docs/RECORDS.md, "Retention").
 */
export async function applyHistoryRetention(connection: Connection, namespace: string, retentionMs: number): Promise<{ beforeDays: number; afterDays: number }> {
  const seconds = Math.round(retentionMs / 1000);
  const described = await connection.workflowService.describeNamespace({ namespace });
  const before = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0);
  if (before !== seconds) {
    await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: msToTs(seconds * 1000) } });
  }
  return { beforeDays: before / 86_400, afterDays: seconds / 86_400 };
}
