import { allHandlersFinished, condition, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { BareActivities } from '../bare-activities';

/**
 * What a case does, counted from its history: activities run, timers that fire (and how long each
 * waits), updates accepted. The bare workflow does as much Temporal work of that shape, and nothing else.
 */
export interface BareShape {
  activities: number;
  timers: number;
  timerMs: number;
  updates: number;
}

/** A no-op update: the bare counterpart of an operator action. Returns how many it has received. */
export const bareUpdate = defineUpdate<number, [unknown]>('bareUpdate');

/** The bare counterpart of an action whose handler runs an activity before it answers (submitCorrection). */
export const bareUpdateWithActivity = defineUpdate<number, [unknown]>('bareUpdateWithActivity');

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

/** The activities a case runs before it first waits (suspend, the opening notice). */
const OPENING_ACTIVITIES = 2;
/** While it waits for an action, a case keeps a timer for its next reminder or deadline: so does this. */
const ACTION_WAIT_MS = 7 * 86_400_000;

/**
 * In the product's order, roughly: the opening activities; then each update awaited (under a long
 * timer) and followed by one activity; then each timer slept and followed by one activity; then the
 * closing activities that remain.
 */
export async function bare(shape: BareShape): Promise<BareShape> {
  let received = 0;
  setHandler(bareUpdate, () => ++received);
  setHandler(bareUpdateWithActivity, async () => {
    await noop();
    return ++received;
  });

  let ran = 0;
  const run = async (n: number) => {
    for (let i = 0; i < n && ran < shape.activities; i++, ran++) await noop();
  };
  let fired = 0;

  await run(OPENING_ACTIVITIES);
  for (let u = 0; u < shape.updates; u++) {
    await condition(() => received > u, ACTION_WAIT_MS);
    await run(1);
  }
  for (let t = 0; t < shape.timers; t++) {
    await sleep(shape.timerMs);
    fired++;
    await run(1);
  }
  await run(shape.activities - ran);
  await condition(allHandlersFinished);
  return { activities: ran, timers: fired, timerMs: shape.timerMs, updates: received };
}
