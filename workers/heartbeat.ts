import type { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';

/** How often a running activity tells the server its worker is alive. */
export const HEARTBEAT_EVERY_MS = 2_000;

/**
 * Heartbeats every activity while it runs. The workflows give activities a heartbeat timeout, so an
 * attempt on a worker that died (SIGKILL, a lost machine) is retried within seconds instead of after
 * its whole start-to-close timeout; a live attempt, however slow, keeps heartbeating and is never
 * overtaken by a retry.
 */
export const heartbeatWhileRunning: ActivityInterceptorsFactory = (ctx: Context) => ({
  inbound: {
    async execute(input, next) {
      const timer = setInterval(() => ctx.heartbeat(), HEARTBEAT_EVERY_MS);
      try {
        return await next(input);
      } finally {
        clearInterval(timer);
      }
    },
  },
});
