/**
 * A real worker process that stops dead in chosen activities, for the SIGKILL tests. HOLD_ACTIVITIES
 * lists `{ workflowId, activity, kind? }`: the first attempt of each such activity runs to the end (its
 * effect committed) and then never reports back; the worker prints `HELD <workflowId> <activity>` and
 * waits to be killed. That is the moment a crash hurts most: done, but Temporal does not know.
 */
import { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { loadConfig } from '../../config/env';
import { runWorker } from '../../workers/run-worker';

interface Hold {
  workflowId: string;
  activity: string;
  /** For sendNotice: which notice. */
  kind?: string;
}

const holds: Hold[] = JSON.parse(process.env.HOLD_ACTIVITIES ?? '[]') as Hold[];

const holdAfterCompletion: ActivityInterceptorsFactory = (ctx: Context) => ({
  inbound: {
    async execute(input, next) {
      const { workflowExecution, activityType, attempt } = ctx.info;
      const arg = input.args[0] as { kind?: string } | undefined;
      const hold = holds.find(
        (h) => h.workflowId === workflowExecution?.workflowId && h.activity === activityType && (!h.kind || h.kind === arg?.kind),
      );
      const out = await next(input);
      if (!hold || attempt > 1) return out;
      console.log(`HELD ${hold.workflowId} ${hold.activity}`);
      return new Promise<never>(() => undefined);
    },
  },
});

runWorker(loadConfig(), { activityInterceptors: [holdAfterCompletion] }).catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
