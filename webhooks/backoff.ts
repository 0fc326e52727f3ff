/** How long to wait before retrying a delivery (docs/WEBHOOKS.md: retry schedule). */
export interface RetrySchedule {
  /** The wait after the first failure. */
  baseMs: number;
  /** No wait is longer: a receiver that is down for a day still hears within this of coming back. */
  maxMs: number;
}

/**
 * Exponential, doubling from baseMs after each failure, capped at maxMs; then between half and all of
 * that, at random, so subscriptions that failed together do not all retry in the same instant.
 */
export function retryDelayMs(failures: number, s: RetrySchedule, random: () => number = Math.random): number {
  const exp = Math.min(s.maxMs, s.baseMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return Math.round(exp / 2 + (random() * exp) / 2);
}
