import { proxyActivities, proxyLocalActivities, type ActivityOptions, type LocalActivityOptions } from '@temporalio/workflow';
import type { Activities } from '../../activities';

export type ActivityName = keyof Activities;
export type ActivityInput<K extends ActivityName> = Parameters<Activities[K]>[0];
type ActivityResult<K extends ActivityName> = Awaited<ReturnType<Activities[K]>>;

// Store and SMTP outages are waited out: activities retry without limit, backing off to a minute.
const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

// Workers heartbeat every running activity (workers/heartbeat.ts): an attempt lost with its worker is
// retried after the heartbeat timeout, not after the whole start-to-close timeout.
const OPTIONS: ActivityOptions = { startToCloseTimeout: '30 seconds', heartbeatTimeout: '10 seconds', retry: RETRY };
// Longer than the mailer's own timeouts added up (mail/mailer.ts), so that an attempt still talking to
// a slow relay is never overtaken by a retry that would send the notice a second time.
const MAIL_OPTIONS: ActivityOptions = { ...OPTIONS, startToCloseTimeout: '2 minutes' };

// Reads that every case makes at its start and when the roster changes: local, so no extra round trip.
const LOCAL_OPTIONS: LocalActivityOptions = { startToCloseTimeout: '10 seconds', retry: RETRY };

const acts = proxyActivities<Activities>(OPTIONS);
const local = proxyLocalActivities<Activities>(LOCAL_OPTIONS);

/** Runs an activity with the case's options and a summary for the UI's timeline (no personal data). */
export function activity<K extends ActivityName>(name: K, summary: string, input: ActivityInput<K>): Promise<ActivityResult<K>> {
  const options = name === 'sendNotice' ? MAIL_OPTIONS : OPTIONS;
  const fn = acts[name] as unknown as { executeWithOptions(o: ActivityOptions, args: unknown[]): Promise<ActivityResult<K>> };
  return fn.executeWithOptions({ ...options, summary }, [input]);
}

export function localActivity<K extends ActivityName>(name: K, summary: string, input: ActivityInput<K>): Promise<ActivityResult<K>> {
  const fn = local[name] as unknown as { executeWithOptions(o: LocalActivityOptions, args: unknown[]): Promise<ActivityResult<K>> };
  return fn.executeWithOptions({ ...LOCAL_OPTIONS, summary }, input === undefined ? [] : [input]);
}
