import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { BareShape } from './workflows/bare';
import { mapLimit, median } from './util';

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];

export interface HistoryStats {
  /** Events per case: fewest, median, most. */
  events: { min: number; median: number; max: number };
  /** The median case's history, encoded as the server stores it (protobuf), in bytes. */
  bytes: number;
  /** Activities scheduled, timers fired (and their mean length), updates accepted: the median case. */
  shape: BareShape;
}

type Seconds = number | { toNumber(): number } | null | undefined;
const ms = (d: { seconds?: Seconds; nanos?: number | null } | null | undefined) =>
  d ? (typeof d.seconds === 'number' ? d.seconds : (d.seconds?.toNumber() ?? 0)) * 1000 + (d.nanos ?? 0) / 1e6 : 0;

function countHistory(events: HistoryEvent[]) {
  const started = new Map<string, number>();
  let activities = 0;
  let updates = 0;
  const fired: number[] = [];
  for (const e of events) {
    if (e.activityTaskScheduledEventAttributes) activities++;
    if (e.workflowExecutionUpdateAcceptedEventAttributes) updates++;
    const ts = e.timerStartedEventAttributes;
    if (ts?.timerId) started.set(ts.timerId, ms(ts.startToFireTimeout));
    const tf = e.timerFiredEventAttributes;
    if (tf?.timerId) fired.push(started.get(tf.timerId) ?? 0);
  }
  return { events: events.length, activities, updates, fired };
}

/** Reads the history of every given (closed) workflow and counts it. */
export async function historyStats(client: Client, workflowIds: string[]): Promise<HistoryStats> {
  const counts = await mapLimit(workflowIds, 16, async (id) => {
    const history = await client.workflow.getHandle(id).fetchHistory();
    return { ...countHistory(history.events ?? []), bytes: temporal.api.history.v1.History.encode(history).finish().length };
  });
  const events = counts.map((c) => c.events);
  const allFired = counts.flatMap((c) => c.fired);
  return {
    events: { min: Math.min(...events), median: median(events), max: Math.max(...events) },
    bytes: median(counts.map((c) => c.bytes)),
    shape: {
      activities: median(counts.map((c) => c.activities)),
      timers: median(counts.map((c) => c.fired.length)),
      timerMs: allFired.length ? Math.round(allFired.reduce((a, b) => a + b, 0) / allFired.length) : 0,
      updates: median(counts.map((c) => c.updates)),
    },
  };
}

export const BUDGET_FILE = join(__dirname, 'history-budget.json');

/**
 * History events one case of each path may take (bench/history-budget.json), by process then path:
 * `{ "nameCorrection": { "restored": 64, … }, "accountTransfer": { … } }` (budgetSection names the process).
 */
export type HistoryBudget = Record<string, Record<string, number>>;

export function readBudget(): HistoryBudget {
  const doc = JSON.parse(readFileSync(BUDGET_FILE, 'utf8')) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('$'))) as HistoryBudget;
}
