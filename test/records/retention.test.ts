import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { parsePolicy } from '../../policy/policy';
import { applyHistoryRetention } from '../../records/history-retention';

test('retention is three years by default, and a policy cannot set less than six months', () => {
  expect(parsePolicy({}).retention).toEqual({ records: 1095 * 86_400_000, history: 1095 * 86_400_000 });
  expect(parsePolicy({ retention: { records: '183 days' } }).retention.records).toBe(183 * 86_400_000);
  expect(() => parsePolicy({ retention: { records: '182 days' } })).toThrow(/retention\.records: must be at least "183 days" \(six months\)/);
  expect(() => parsePolicy({ retention: { history: '30 days' } })).toThrow(/retention\.history: must be at least "183 days"/);
  expect(() => parsePolicy({ retention: { records: '24 hours' } })).toThrow(/retention\.records: /);
});

test("the namespace keeps closed workflows' histories as long as the policy says, as npm start sets it", async () => {
  const connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
  const namespace = `retention-${randomUUID().slice(0, 8)}`;
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
    const policy = parsePolicy({});
    expect(await applyHistoryRetention(connection, namespace, policy.retention.history)).toEqual({ beforeDays: 1, afterDays: 1095 });
    const described = await connection.workflowService.describeNamespace({ namespace });
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(1095 * 86_400);
    // Applying it again changes nothing.
    expect(await applyHistoryRetention(connection, namespace, policy.retention.history)).toEqual({ beforeDays: 1095, afterDays: 1095 });
  } finally {
    await connection.operatorService.deleteNamespace({ namespace }).catch(() => undefined);
    await connection.close();
  }
});
