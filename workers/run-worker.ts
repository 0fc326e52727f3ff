import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Config } from '../config/env';
import { connectWorker } from '../config/temporal';
import { createMailer } from '../mail/mailer';
import { connect, POOL_SIZES } from '../store/db';
import { migrate } from '../store/migrate';
import { createWorker } from './create-worker';
import { loadVerifyKeys } from '../security/action-keys';
import type { RecordInput } from '../store/records';

/**
 * One line per measure or decision, as it happens: what an operator watching the worker's terminal
 * (`npm start`) wants to see. Ids and the action only: reasons are free text and may hold personal data.
 */
function printRecord(rec: RecordInput): void {
  const time = new Date().toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  console.log(`${time} 北京  ${rec.caseRef ?? '-'}  ${rec.accountId ?? '-'}  ${rec.action}  by ${rec.actor}`);
}

/** Connects to the store, the relay and Temporal, and polls until SIGINT / SIGTERM drains it. */
export async function runWorker(config: Config, opts: { activityInterceptors?: ActivityInterceptorsFactory[] } = {}): Promise<void> {
  const db = connect(config.databaseUrl, POOL_SIZES.worker);
  await migrate(db);
  const mailer = createMailer(config.smtpUrl, config.mailFrom);
  const connection = await connectWorker(config.temporal);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { db, mailer, policy: config.policy, actionVerifyKeys: loadVerifyKeys(config.actionKeys.verifyKeysFile), onRecord: printRecord },
    maxCachedWorkflows: config.maxCachedWorkflows,
    ...(config.workflowBundleCode ? { workflowBundle: { code: config.workflowBundleCode } } : {}),
    ...(opts.activityInterceptors ? { activityInterceptors: opts.activityInterceptors } : {}),
  });
  const workflows = config.workflowBundleCode ? 'prebuilt workflow bundle' : 'workflows bundled at start';
  console.log(`worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace}; ${workflows})`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    mailer.close();
    await db.end();
  }
}
