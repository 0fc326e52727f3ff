import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getAccount } from '../../store/accounts';
import { listRecords } from '../../store/records';
import { caseWorkflowId } from '../../workflows/case/ids';
import type { FaultStack } from './fault-stack';

/** What a case must end with, whatever the crash: records, notices (stored and mailed, once each), measures and outbox. */
export interface Expected {
  outcome: string;
  status: 'active' | 'suspended' | 'terminated';
  records: string[];
  notices: string[];
  measures: string[];
  outbox: string[];
}

export interface KillCase {
  id: string;
  /** The activity the doomed worker completes and never reports (for sendNotice/imposeMeasure: which kind). */
  hold: { activity: string; kind?: string };
  /** The record the held activity committed, checked before the kill. */
  record?: string;
  expected: Expected;
  /** What the platform and operators do while the doomed worker runs, and after the takeover. */
  before(accountId: string): Promise<void>;
  after(accountId: string): Promise<void>;
  result(accountId: string): Promise<{ outcome: string }>;
}

/** A worker's policy file (POLICY_FILE): the fault tests shorten waits that would otherwise last days. */
export function policyFile(policy: unknown): string {
  const file = join(tmpdir(), `fault-policy-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

/**
 * SIGKILLs a worker holding one activity of each case (its work committed, never reported), lets a
 * second worker take over, and checks that every case reaches its outcome with nothing lost or doubled.
 */
export async function killInActivities(stack: FaultStack, kind: string, cases: KillCase[], env: Record<string, string> = {}): Promise<void> {
  const holds = cases.map((c) => ({ workflowId: caseWorkflowId(kind, c.id), activity: c.hold.activity, ...(c.hold.kind ? { kind: c.hold.kind } : {}) }));
  const doomed = stack.startWorker({ entry: 'test/fault/holding-worker.ts', env: { ...env, HOLD_ACTIVITIES: JSON.stringify(holds) } });
  const caseRefs = new Map<string, string>();
  await Promise.all(cases.map(async (c) => void (await c.before(c.id))));
  for (const h of holds) await doomed.waitForLine(new RegExp(`^HELD ${h.workflowId} ${h.activity}$`), 150_000);
  for (const c of cases) {
    const records = await listRecords(stack.db, { accountId: c.id });
    caseRefs.set(c.id, records[0]!.caseRef!);
    if (c.record) expect({ id: c.id, done: records.map((r) => r.action) }).toEqual({ id: c.id, done: expect.arrayContaining([c.record]) });
  }
  await doomed.kill();

  // Another worker takes over once the dead one's heartbeats stop.
  stack.startWorker({ env });
  await Promise.all(cases.map((c) => c.after(c.id)));
  for (const c of cases) {
    expect({ id: c.id, outcome: (await c.result(c.id)).outcome }).toEqual({ id: c.id, outcome: c.expected.outcome });
    const caseRef = caseRefs.get(c.id)!;
    const got = await stack.outcomeOf(caseRef, `${c.id}@users.example`);
    expect({ id: c.id, ...got, messageIds: new Set(got.messageIds).size }).toEqual({
      id: c.id,
      records: c.expected.records,
      notices: c.expected.notices,
      mails: c.expected.notices,
      messageIds: c.expected.notices.length,
    });
    expect({ id: c.id, ...(await stack.measuresOf(caseRef)) }).toEqual({ id: c.id, measures: c.expected.measures, outbox: c.expected.outbox });
    expect({ id: c.id, status: (await getAccount(stack.db, c.id))!.status }).toEqual({ id: c.id, status: c.expected.status });
  }
}
